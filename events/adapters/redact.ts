import { personalDataKind } from '../personal-data.js';
import { keyOf } from './lenient.js';

/**
 * Members of vendor payloads that hold a customer's phone number, address, name or free text. Dropped before a
 * vendor payload is kept anywhere (a dead letter), since we never keep personal data we do not need.
 */
const PERSONAL_KEYS = new Set(
  [
    'CustomerEndpoint',
    'ani',
    'addressFrom',
    'addressTo',
    'addressOther',
    'addressSelf',
    'callbackNumbers',
    'callbackUserName',
    'customerName',
    'subject',
    'wrapupNotes',
    'Attributes',
    'ContactDetails',
  ].map(keyOf),
);

/** A copy of `value` without its personal members (matched in any key casing), at every depth. */
export function redactPersonalData(value: unknown, depth = 0): unknown {
  if (depth > 12) return undefined;
  if (Array.isArray(value)) return value.map((v) => redactPersonalData(v, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    out[key] = PERSONAL_KEYS.has(keyOf(key)) ? '[redacted]' : redactPersonalData(member, depth + 1);
  }
  return out;
}

/** Members of a canonical detail worth keeping to diagnose a refusal: what it is, whose, where and when. */
const DIAGNOSTIC_DETAIL_KEYS = new Set(['schemaVersion', 'tenantId', 'centerId', 'contactId', 'channel', 'direction']);
/** Envelope members that say which event it was; `resources` and anything else are dropped. */
const DIAGNOSTIC_ENVELOPE_KEYS = ['version', 'id', 'source', 'detail-type', 'account', 'time', 'region'] as const;
/** Timestamps (`occurredAt`, `endedAt`, …) are kept too; other ids such as `agentId` or `customerRef` are not. */
const TIMESTAMP_KEY = /^[a-z][A-Za-z]{0,40}At$/;
const MAX_KEPT_LENGTH = 128;

/**
 * A kept value: a short string or a whole number; anything else is dropped. A producer's string that is itself
 * personal data is redacted (`screen`); the envelope's are EventBridge's own (a 12-digit account id is no phone).
 */
function diagnosticValue(value: unknown, screen: boolean): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : String(value);
  if (typeof value !== 'string') return undefined;
  if (screen && personalDataKind(value) !== undefined) return '[redacted]';
  return value.length > MAX_KEPT_LENGTH ? `${value.slice(0, MAX_KEPT_LENGTH)}…` : value;
}

function pick(source: Record<string, unknown>, keep: (key: string) => boolean, screen: boolean) {
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(source)) {
    if (!keep(key)) continue;
    const value = diagnosticValue(member, screen);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * What a dead letter keeps of a refused canonical event: the envelope's ids and the detail's ids, tenant, centre,
 * channel and timestamps, flat and bounded. Nothing free-text (reason, queue), no person's reference (customerRef,
 * agentId) and nothing nested, so that a dead letter holds no personal data and the store can always take it.
 */
export function diagnosticEvent(event: unknown): Record<string, unknown> {
  if (!isRecord(event)) return {};
  const envelope = pick(event, (key) => (DIAGNOSTIC_ENVELOPE_KEYS as readonly string[]).includes(key), false);
  const detail = isRecord(event.detail)
    ? pick(event.detail, (key) => DIAGNOSTIC_DETAIL_KEYS.has(key) || TIMESTAMP_KEY.test(key), true)
    : undefined;
  return { ...envelope, ...(detail === undefined ? {} : { detail }) };
}
