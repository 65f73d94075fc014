import { z } from 'zod';
import { type Clock, canonicalDetailBase, defineEvent, receivedDateTimeOf } from './envelope.js';
import { pseudonymousReference } from './personal-data.js';

export const TELEPHONY_SOURCE = 'ccc.telephony';

export const Channel = z.enum(['voice', 'email', 'chat', 'social', 'messaging']);
export type Channel = z.infer<typeof Channel>;
export const CHANNELS = Channel.options;

/** The longest a contact may last, and so any of its durations: 31 days, in seconds. */
export const MAX_CONTACT_SECONDS = 31 * 86_400;

/**
 * A duration: finite, 0 or from a millisecond (smaller magnitudes are beyond what the table stores) up to
 * {@link MAX_CONTACT_SECONDS}.
 */
const Seconds = (description: string) =>
  z
    .number()
    .finite()
    .nonnegative()
    .max(MAX_CONTACT_SECONDS)
    .refine((n) => !(n > 0 && n < 0.001), 'must be 0 or at least 0.001')
    .meta({ description: `Seconds, 0 to ${MAX_CONTACT_SECONDS} (31 days); ${description}` });

/** Rounding slack when a platform's whole seconds are compared with its timestamps. */
const ROUNDING_SECONDS = 1;

/** Builds the `contact.completed` detail schema with its dates checked against `clock`. */
export function contactCompletedDetailAt(clock?: Clock) {
  const when = (what: string) => receivedDateTimeOf(what, clock);
  return canonicalDetailBase(clock)
    .extend({
      contactId: z.string().min(1).max(128).meta({ description: 'Unique per tenant: the idempotency key' }),
      channel: Channel,
      direction: z.enum(['inbound', 'outbound']).meta({ description: 'KPIs describe inbound contacts' }),
      queue: z.string().min(1).max(128),
      agentId: pseudonymousReference('agentId').optional(),
      customerRef: pseudonymousReference('customerRef').optional(),
      reason: z.string().min(1).max(128).optional().meta({ description: 'Contact reason or disposition code' }),
      language: z.string().min(2).max(35).optional().meta({ description: 'BCP 47 language tag' }),
      initiatedAt: when('Offered to the centre (call arrived, e-mail received)'),
      queuedAt: when('Entered the queue; defaults to initiatedAt').optional(),
      answeredAt: when('An agent connected, or the first response was sent (asynchronous channels)').optional(),
      endedAt: when('The contact ended'),
      talkSeconds: Seconds('at most the contact’s duration (endedAt − initiatedAt)').optional(),
      holdSeconds: Seconds('at most the contact’s duration (endedAt − initiatedAt)').optional(),
      afterContactWorkSeconds: Seconds('after endedAt, so not bounded by the contact’s duration').optional(),
      outcome: z.enum(['handled', 'abandoned', 'callback-requested']),
      transferred: z.boolean().optional(),
      resolvedOnFirstContact: z
        .boolean()
        .optional()
        .meta({ description: 'When the platform or a survey knows (first-contact resolution by flag)' }),
      recorded: z.boolean().optional(),
    })
    .superRefine((c, ctx) => {
      const initiated = Date.parse(c.initiatedAt);
      const ended = Date.parse(c.endedAt);
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      if (ended < initiated) issue('endedAt', 'endedAt is before initiatedAt');
      if (ended - initiated > MAX_CONTACT_SECONDS * 1000) issue('endedAt', 'a contact lasts at most 31 days');
      if (c.answeredAt !== undefined && Date.parse(c.answeredAt) < Date.parse(c.queuedAt ?? c.initiatedAt)) {
        issue('answeredAt', 'answeredAt is before queuedAt');
      }
      if (c.outcome === 'handled' && c.answeredAt === undefined)
        issue('answeredAt', 'a handled contact needs answeredAt');
      if (Date.parse(c.occurredAt) !== ended) issue('occurredAt', 'occurredAt of a contact is its endedAt');
      const durationSeconds = Math.max(0, ended - initiated) / 1000 + ROUNDING_SECONDS;
      for (const field of ['talkSeconds', 'holdSeconds'] as const) {
        const seconds = c[field];
        if (seconds !== undefined && seconds > durationSeconds) issue(field, `${field} exceeds the contact’s duration`);
      }
    });
}

/**
 * One finished customer contact on any channel (docs/events.md), dates checked against the wall clock.
 * Idempotency key: `tenantId` + `contactId`.
 *
 * @example events/samples/contact.completed.json
 */
export const ContactCompletedDetail = contactCompletedDetailAt();
export type ContactCompletedDetail = z.infer<typeof ContactCompletedDetail>;

export const ContactCompleted = defineEvent({
  source: TELEPHONY_SOURCE,
  detailType: 'contact.completed',
  schema: ContactCompletedDetail,
  schemaAt: contactCompletedDetailAt,
  idempotencyKey: (d) => `contact#${d.contactId}`,
  summary:
    "One finished customer contact, on any channel. It counts on the day of `initiatedAt` in the tenant's time zone; its `occurredAt` is its `endedAt`.",
  idempotencyFields: ['contactId'],
});
