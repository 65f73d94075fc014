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
