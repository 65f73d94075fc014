/** Dead letters: events that could not be used, kept with the reason so that nothing vanishes. */
import { IDENTIFIER_PATTERN } from '../../events/envelope.js';

/** Items about events whose tenant is missing or malformed are filed under this pseudo-tenant. */
export const UNKNOWN_TENANT = '_unknown';

export interface DeadLetter {
  id: string;
  receivedAt: string;
  tenantId: string;
  source?: string;
  detailType?: string;
  reason: string;
  issues?: Array<{ path: string; message: string }>;
  event: unknown;
}

/** Port: where unusable events go. */
export interface DeadLetterSink {
  put(deadLetter: DeadLetter): Promise<void>;
}

/** Files a dead letter under its tenant when the tenant id is usable, else under a pseudo-tenant. */
export function deadLetterTenant(candidate: unknown): string {
  return typeof candidate === 'string' && IDENTIFIER_PATTERN.test(candidate) ? candidate : UNKNOWN_TENANT;
}
