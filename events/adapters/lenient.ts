/**
 * Lenient reading of vendor payloads (README.md, "Vendor formats"): vendors add fields, send `null` for what is absent and mix
 * key casing between versions (`ContactId`, `contactId`, `InstanceARN`, `instanceArn`). Payloads are first reduced to
 * one key spelling, then read with zod schemas that ignore what they do not name.
 */
import { z } from 'zod';

/** The one spelling every key is reduced to: lower case, without `_`, `-` or spaces. */
export function keyOf(key: string): string {
  return key.toLowerCase().replace(/[_\-\s]/g, '');
}

const MAX_DEPTH = 12;

/**
 * Rewrites every object key with {@link keyOf} and drops `null` members, recursively. When two spellings of one key
 * meet in the same object, the first one wins. Depth is bounded so that a hostile payload cannot exhaust the stack.
 */
export function normalizeKeys(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) return value.filter((v) => v !== null).map((v) => normalizeKeys(v, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === null || member === undefined) continue;
    const normalized = keyOf(key);
    if (!(normalized in out)) out[normalized] = normalizeKeys(member, depth + 1);
  }
  return out;
}

/** Timestamps before this are placeholders (Amazon Connect sends `1970-01-01T00:00:00.001Z` for "not yet"). */
const EARLIEST_REAL_TIME = Date.UTC(2000, 0, 1);

/**
 * Epoch milliseconds of an ISO 8601 string, or of an epoch number (milliseconds, or seconds when too small to be
 * milliseconds); `undefined` for anything else and for placeholders.
 */
export function epochMillis(value: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    // A date-time without zone is taken as UTC, the zone every vendor documents for these fields.
    const text = /[zZ]|[+-]\d\d:?\d\d$/.test(value.trim()) ? value.trim() : `${value.trim()}Z`;
    ms = Date.parse(text);
  } else if (typeof value === 'number' && Number.isFinite(value)) {
    ms = value >= 1e11 ? value : value * 1000;
  }
  return ms === undefined || Number.isNaN(ms) || ms < EARLIEST_REAL_TIME ? undefined : ms;
}

/** The instant in the canonical spelling (`2026-11-02T08:14:02.000Z`), or `undefined`. */
export function isoInstant(value: unknown): string | undefined {
  const ms = epochMillis(value);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** An optional, non-empty string; numbers are accepted and written as strings. Anything else reads as absent. */
export const text = z
  .preprocess((v) => {
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v !== 'string') return undefined;
    const trimmed = v.trim();
    return trimmed === '' ? undefined : trimmed;
  }, z.string().optional())
  .catch(undefined);

/** An optional instant, read with {@link isoInstant}; malformed or placeholder values read as absent. */
export const instant = z.preprocess((v) => isoInstant(v), z.string().optional()).catch(undefined);

/** An optional count or duration ≥ 0; numeric strings are accepted, anything else reads as absent. */
export const amount = z
  .preprocess((v) => {
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
  }, z.number().optional())
  .catch(undefined);

/** A string-to-string map (contact attributes, tags); non-string members are dropped, keys as given. */
export const stringMap = z
  .preprocess((v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    const out: Record<string, string> = {};
    for (const [key, member] of Object.entries(v)) if (typeof member === 'string') out[key] = member;
    return out;
  }, z.record(z.string(), z.string()).optional())
  .catch(undefined);

/** Wraps an object schema so that a malformed optional section reads as absent instead of rejecting the record. */
export function section<S extends z.ZodType>(schema: S) {
  return schema.optional().catch(undefined);
}

/** The last segment of an ARN path (`arn:...:instance/abc/queue/xyz` → `xyz`), or the value itself. */
export function lastSegment(arnOrId: string): string {
  const at = arnOrId.lastIndexOf('/');
  return at === -1 ? arnOrId : arnOrId.slice(at + 1);
}

/**
 * The reasons of a failed lenient parse, naming fields but never their values. Lenient schemas fail only on the
 * fields they require, and their messages name those fields in the vendor's spelling (`ContactId is missing`).
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => i.message).join('; ');
}
