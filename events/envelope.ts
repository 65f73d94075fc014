import { z } from 'zod';

/**
 * The identifier of tenants (client organisations) and centres (sites), everywhere: events, paths, tokens, table keys
 * (README.md, "Using the API"). The one definition; every check imports it.
 */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const Identifier = z.string().regex(IDENTIFIER_PATTERN, `must match ${IDENTIFIER_PATTERN.source}`);

/** ISO 8601 date-time that carries an explicit offset (`Z` or `±hh:mm`). */
export const OffsetDateTime = z.iso.datetime({ offset: true });

/** Where "now" comes from: the handler's injected clock, or the wall clock. */
export type Clock = () => Date;

/** A clock in epoch milliseconds, where only durations are compared (`Date.now`). */
export type MillisClock = () => number;

const systemClock: Clock = () => new Date();

/**
 * How far a canonical date may lie from the moment the event is received (docs/events.md). Five years back lets
 * a year-long backfill through the import pass with room to spare; an hour ahead absorbs producers' clock skew.
 * Anything further is a wrong clock or a typo, and would otherwise be kept for decades or break a key.
 */
export const RECEIPT_WINDOW = { maxAgeDays: 5 * 365 + 1, maxAheadMinutes: 60 } as const;

export const RECEIPT_WINDOW_TEXT = `at most ${Math.floor(RECEIPT_WINDOW.maxAgeDays / 365)} years before and ${RECEIPT_WINDOW.maxAheadMinutes} minutes after the event is received`;

/**
 * An {@link OffsetDateTime} within the {@link RECEIPT_WINDOW} of `clock()`, read when a value is checked (so one
 * schema serves a long-lived handler).
 */
export function receivedDateTime(clock: Clock = systemClock) {
  return OffsetDateTime.superRefine((value, ctx) => {
    const at = Date.parse(value);
    const now = clock().getTime();
    if (!(at >= now - RECEIPT_WINDOW.maxAgeDays * 86_400_000)) {
      ctx.addIssue({
        code: 'custom',
        message: `more than ${RECEIPT_WINDOW.maxAgeDays} days (5 years) before the event was received`,
      });
    } else if (at > now + RECEIPT_WINDOW.maxAheadMinutes * 60_000) {
      ctx.addIssue({
        code: 'custom',
        message: `more than ${RECEIPT_WINDOW.maxAheadMinutes} minutes after the event was received`,
      });
    }
  }).meta({ description: `ISO 8601 date-time with offset, ${RECEIPT_WINDOW_TEXT}` });
}

/** A {@link receivedDateTime} that says what the instant is. */
export function receivedDateTimeOf(what: string, clock: Clock = systemClock) {
  return receivedDateTime(clock).meta({
    description: `${what}: ISO 8601 date-time with offset, ${RECEIPT_WINDOW_TEXT}`,
  });
}

/**
 * Fields every canonical `detail` carries (docs/events.md), with dates checked against `clock`.
 * Canonical schemas are strict: an unknown field, at any depth, is an error, so producers learn of typos at once;
 * objects nested in a canonical detail are built with `z.strictObject` too.
 */
export function canonicalDetailBase(clock: Clock = systemClock) {
  return z.strictObject({
    schemaVersion: z.literal(1),
    tenantId: Identifier.meta({ description: 'The client organisation the work is done for' }),
    centerId: Identifier.meta({ description: 'The site' }),
    occurredAt: receivedDateTimeOf('When it happened (not when it was sent)', clock),
  });
}

/** {@link canonicalDetailBase} on the wall clock. */
export const CanonicalDetailBase = canonicalDetailBase();

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
  /** The detail schema, dates checked against the wall clock. */
  schema: S;
  /** The same schema with dates checked against `clock` (a handler's injected clock). */
  schemaAt?: (clock: Clock) => S;
  /** The producer's business key, scoped to the tenant: replaying an event with the same key changes nothing. */
  idempotencyKey: (detail: z.infer<S>) => string;
  /** What the event says, in a sentence (docs/events.md). */
  summary?: string;
  /** The detail fields `idempotencyKey` is made of, besides `tenantId` (docs/events.md). */
  idempotencyFields?: readonly string[];
}

export function defineEvent<S extends z.ZodType>(def: CanonicalEventType<S>): CanonicalEventType<S> {
  return def;
}
