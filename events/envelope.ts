import { z } from 'zod';

/** Identifier pattern shared by tenants (client organisations) and centres (sites). CONTRACT.md §3.1. */
export const Identifier = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must match ^[A-Za-z0-9_-]{1,64}$');

/** ISO 8601 date-time that carries an explicit offset (`Z` or `±hh:mm`). */
export const OffsetDateTime = z.iso.datetime({ offset: true });

/**
 * Fields every canonical `detail` carries (CONTRACT.md §3.1).
 * Canonical schemas are strict: an unknown field is an error, so producers learn of typos at once.
 */
export const CanonicalDetailBase = z.strictObject({
  schemaVersion: z.literal(1),
  tenantId: Identifier,
  centerId: Identifier,
  occurredAt: OffsetDateTime,
});

/** The EventBridge envelope as delivered to a target (Lambda, local bus). */
export interface EventBridgeEvent<TDetail = unknown> {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: TDetail;
}

/** A canonical event type: where it comes from, its detail schema and the field(s) that make it idempotent. */
export interface CanonicalEventType<S extends z.ZodType = z.ZodType> {
  source: string;
  detailType: string;
  schema: S;
  /** The producer's business key, scoped to the tenant: replaying an event with the same key changes nothing. */
  idempotencyKey: (detail: z.infer<S>) => string;
}

export function defineEvent<S extends z.ZodType>(def: CanonicalEventType<S>): CanonicalEventType<S> {
  return def;
}
