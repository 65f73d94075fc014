/** How a redelivered contact differs from the stored one: pure, so the use case and its tests need no store. */
import { canonicalJson } from '../ledger/hash-chain.js';

/**
 * Fields that do not make two deliveries different: the schema version says how the detail is written, not what
 * happened. Every business field must match.
 */
const IGNORED_FIELDS = new Set(['schemaVersion']);

/** An offset date-time (`2026-11-02T10:00:00+01:00`): compared as an instant, whatever offset the producer wrote. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string' && DATE_TIME.test(a) && DATE_TIME.test(b)) {
    const [x, y] = [Date.parse(a), Date.parse(b)];
    if (!Number.isNaN(x) && !Number.isNaN(y)) return x === y;
  }
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * The names of the fields in which a redelivered contact differs from the stored one, sorted; empty when the
 * redelivery is identical (a plain duplicate). A field present on one side only differs.
 */
export function differingFields(stored: Record<string, unknown>, received: Record<string, unknown>): string[] {
  const names = new Set([...Object.keys(stored), ...Object.keys(received)]);
  return [...names].filter((name) => !IGNORED_FIELDS.has(name) && !sameValue(stored[name], received[name])).sort();
}
