import { z } from 'zod';
import { CanonicalDetailBase, defineEvent, OffsetDateTime } from './envelope.js';

export const TELEPHONY_SOURCE = 'ccc.telephony';

export const Channel = z.enum(['voice', 'email', 'chat', 'social', 'messaging']);
export type Channel = z.infer<typeof Channel>;
export const CHANNELS = Channel.options;

const Seconds = z.number().finite().nonnegative();

/**
 * One finished customer contact on any channel (CONTRACT.md §3.2).
 * Idempotency key: `tenantId` + `contactId`.
 *
 * @example events/samples/contact.completed.json
 */
export const ContactCompletedDetail = CanonicalDetailBase.extend({
  contactId: z.string().min(1).max(128),
  channel: Channel,
  direction: z.enum(['inbound', 'outbound']),
  queue: z.string().min(1).max(128),
  agentId: z.string().min(1).max(128).optional(),
  customerRef: z.string().min(1).max(128).optional(),
  reason: z.string().min(1).max(128).optional(),
  language: z.string().min(2).max(35).optional(),
  initiatedAt: OffsetDateTime,
  queuedAt: OffsetDateTime.optional(),
  answeredAt: OffsetDateTime.optional(),
  endedAt: OffsetDateTime,
  talkSeconds: Seconds.optional(),
  holdSeconds: Seconds.optional(),
  afterContactWorkSeconds: Seconds.optional(),
  outcome: z.enum(['handled', 'abandoned', 'callback-requested']),
  transferred: z.boolean().optional(),
  resolvedOnFirstContact: z.boolean().optional(),
  recorded: z.boolean().optional(),
}).superRefine((c, ctx) => {
  const initiated = Date.parse(c.initiatedAt);
  const ended = Date.parse(c.endedAt);
  if (ended < initiated) ctx.addIssue({ code: 'custom', path: ['endedAt'], message: 'endedAt is before initiatedAt' });
  if (c.answeredAt !== undefined && Date.parse(c.answeredAt) < Date.parse(c.queuedAt ?? c.initiatedAt)) {
    ctx.addIssue({ code: 'custom', path: ['answeredAt'], message: 'answeredAt is before queuedAt' });
  }
  if (c.outcome === 'handled' && c.answeredAt === undefined) {
    ctx.addIssue({ code: 'custom', path: ['answeredAt'], message: 'a handled contact needs answeredAt' });
  }
  if (Date.parse(c.occurredAt) !== ended) {
    ctx.addIssue({ code: 'custom', path: ['occurredAt'], message: 'occurredAt of a contact is its endedAt' });
  }
});
export type ContactCompletedDetail = z.infer<typeof ContactCompletedDetail>;

export const ContactCompleted = defineEvent({
  source: TELEPHONY_SOURCE,
  detailType: 'contact.completed',
  schema: ContactCompletedDetail,
  idempotencyKey: (d) => `contact#${d.contactId}`,
});
