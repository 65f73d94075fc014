/**
 * Timeline entries built as the register builds them: a canonical complaint event, validated by its schema, turned
 * into an entry under its own idempotency key (events/complaints.ts).
 */
import type { z } from 'zod';
import {
  ComplaintAcknowledged,
  ComplaintEscalated,
  type ComplaintEvent,
  ComplaintReceived,
  ComplaintReopened,
  ComplaintResolved,
} from '../../../../../events/complaints.js';
import type { CanonicalEventType } from '../../../../../events/envelope.js';
import { timelineEntryOf } from '../../../../../shared/domain/complaint/complaint-fold.js';
import type { TimelineEntry } from '../../../../../shared/domain/complaint/complaint-state.js';

export const COMPLAINT_ID = 'cmp-2026-000457';
const base = { schemaVersion: 1, tenantId: 'acme-energy', centerId: 'lyon-1' } as const;
/** Checked as if received at the end of 2026, so any date of 2026 passes the receipt window. */
const receivedOn = () => new Date('2026-12-31T00:00:00Z');

function entry<S extends z.ZodType>(def: CanonicalEventType<S>, raw: object): TimelineEntry {
  const schema = def.schemaAt?.(receivedOn) ?? def.schema;
  const detail = schema.parse({ ...base, complaintId: COMPLAINT_ID, ...raw });
  return timelineEntryOf({ type: def.detailType, detail } as ComplaintEvent, def.idempotencyKey(detail));
}

export const received = (at: string, fields: object = {}) =>
  entry(ComplaintReceived, {
    occurredAt: at,
    receivedAt: at,
    channel: 'voice',
    category: 'billing',
    severity: 'medium',
    remedySought: 'Correct the October invoice',
    ...fields,
  });
export const acknowledged = (at: string) => entry(ComplaintAcknowledged, { occurredAt: at, acknowledgedAt: at });
export const resolved = (at: string, outcome = 'upheld', remedy = 'Invoice corrected') =>
  entry(ComplaintResolved, { occurredAt: at, resolvedAt: at, outcome, remedy });
export const escalated = (at: string, to: 'internal' | 'external', body?: string) =>
  entry(ComplaintEscalated, { occurredAt: at, escalatedAt: at, to, ...(body === undefined ? {} : { body }) });
export const reopened = (at: string) => entry(ComplaintReopened, { occurredAt: at, reopenedAt: at });
