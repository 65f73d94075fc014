/**
 * The `PutEvents` operation: request and per-entry validation as EventBridge does it, and the envelope each accepted
 * entry becomes.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
 */
import { z } from 'zod';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import { AwsServiceError } from './aws-json-protocol.js';

/**
 * The `Detail` text of the entry each accepted event came from, byte for byte. The parsed `detail` cannot stand in
 * for it: JSON numbers beyond a double (`1e400`) parse to `Infinity` and serialise back as `null`, so a dead letter
 * that kept only the parsed event would redrive a different event.
 */
const rawDetails = new WeakMap<EventBridgeEvent, string>();

/** The `Detail` text `event` was parsed from, when it came through `PutEvents` (or was restored with it). */
export function rawDetailOf(event: EventBridgeEvent): string | undefined {
  return rawDetails.get(event);
}

/** Remembers that `event` carries `rawDetail`, parsed: used when a dead letter is read back for a redrive. */
export function withRawDetail(event: EventBridgeEvent, rawDetail: string): EventBridgeEvent {
  rawDetails.set(event, rawDetail);
  return event;
}

/** EventBridge's limits on one `PutEvents` call. */
export const PUT_EVENTS_LIMITS = { entries: 10, totalEntryBytes: 256 * 1024 } as const;

/** Lenient like AWS: unknown members (`TraceHeader`, future ones) are accepted and ignored. */
const PutEventsRequestEntry = z.looseObject({
  Source: z.string().optional(),
  DetailType: z.string().optional(),
  Detail: z.string().optional(),
  Resources: z.array(z.string()).optional(),
  /** The SDKs and the CLI send epoch seconds; a date-time string is accepted too. */
  Time: z.union([z.number(), z.string()]).optional(),
  EventBusName: z.string().optional(),
});
type PutEventsRequestEntry = z.infer<typeof PutEventsRequestEntry>;

const PutEventsRequest = z.looseObject({ Entries: z.array(PutEventsRequestEntry).optional() });

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export interface PutEventsResponse {
  FailedEntryCount: number;
  Entries: PutEventsResultEntry[];
}

/** What `PutEvents` needs from the bus. */
export interface PutEventsContext {
  region: string;
  account: string;
  now(): Date;
  newId(): string;
  /** Whether the bus can take one more event now; when it cannot, the entry fails as throttled (retryable). */
  hasRoom(): boolean;
  /** Hands an accepted event to the bus it is addressed to (a name, `default` when the entry names none). */
  publish(event: EventBridgeEvent, busName: string): void;
}

/**
 * Validates and publishes the entries of one `PutEvents` call. Request-level problems throw (the SDK raises them);
 * entry-level ones come back in `Entries`, at the index of the entry, counted in `FailedEntryCount`.
 *
 * @throws AwsServiceError `SerializationException` for members of the wrong type, `ValidationException` for no
 *   entries, more than 10, or more than 256 KB of entries in all.
 */
export function putEvents(input: unknown, context: PutEventsContext): PutEventsResponse {
  const entries = parseEntries(input);
  const results = entries.map((entry) => putEntry(entry, context));
  return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
}

function parseEntries(input: unknown): PutEventsRequestEntry[] {
  const parsed = PutEventsRequest.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AwsServiceError('SerializationException', `${issue?.path.join('.') ?? 'request'}: ${issue?.message}`);
  }
  const entries = parsed.data.Entries;
  if (entries === undefined) {
    throw validationError("Value null at 'entries' failed to satisfy constraint: Member must not be null");
  }
  if (entries.length < 1 || entries.length > PUT_EVENTS_LIMITS.entries) {
    const bound =
      entries.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${PUT_EVENTS_LIMITS.entries}`;
    throw validationError(`Value at 'entries' failed to satisfy constraint: Member must have length ${bound}`);
  }
  if (entries.reduce((total, entry) => total + entrySize(entry), 0) > PUT_EVENTS_LIMITS.totalEntryBytes) {
    throw new AwsServiceError('ValidationException', 'Total size of the entries in the request is over the limit.');
  }
  return entries;
}

function validationError(constraint: string): AwsServiceError {
  return new AwsServiceError('ValidationException', `1 validation error detected: ${constraint}`);
}

/** The entry size as EventBridge counts it. @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html */
function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));
  const resources = (entry.Resources ?? []).reduce((total, arn) => total + bytes(arn), 0);
  return (
    (entry.Time === undefined ? 0 : 14) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    resources
  );
}

function putEntry(entry: PutEventsRequestEntry, context: PutEventsContext): PutEventsResultEntry {
  for (const member of ['Source', 'DetailType', 'Detail'] as const) {
    if (!entry[member]) {
      return failure('InvalidArgument', `Parameter ${member} is not valid. Reason: ${member} is a required argument.`);
    }
  }
  const detail = parseDetail(entry.Detail as string);
  if (detail === undefined) return failure('MalformedDetail', 'Detail is malformed.');
  const time = entry.Time === undefined ? context.now() : toDate(entry.Time);
  if (time === undefined) return failure('InvalidArgument', 'Parameter Time is not valid. Reason: not a timestamp.');
  if (!context.hasRoom()) {
    return failure('ThrottlingException', 'Rate exceeded: the local bus has too many undelivered events.');
  }

  const event: EventBridgeEvent = {
    version: '0',
    id: context.newId(),
    'detail-type': entry.DetailType as string,
    source: entry.Source as string,
    account: context.account,
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: context.region,
    resources: entry.Resources ?? [],
    detail,
  };
  context.publish(withRawDetail(event, entry.Detail as string), busNameOf(entry.EventBusName));
  return { EventId: event.id };
}

function failure(code: string, message: string): PutEventsResultEntry {
  return { ErrorCode: code, ErrorMessage: message };
}

/** `Detail` must be a JSON object (not an array, a string or null). */
function parseDetail(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function toDate(time: number | string): Date | undefined {
  const date = typeof time === 'number' ? new Date(time * 1000) : new Date(time);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `EventBusName` is a name or an ARN (`arn:aws:events:<region>:<account>:event-bus/<name>`); none means `default`. */
export function busNameOf(nameOrArn: string | undefined): string {
  if (nameOrArn === undefined || nameOrArn === '') return 'default';
  const marker = ':event-bus/';
  const at = nameOrArn.startsWith('arn:') ? nameOrArn.indexOf(marker) : -1;
  return at === -1 ? nameOrArn : nameOrArn.slice(at + marker.length);
}
