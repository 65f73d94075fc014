/**
 * EventBridge event patterns (content filtering) evaluated locally, so that the rules in `events/rules.ts` route an
 * event on one machine exactly as they do in AWS.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 */
import type { EventPattern } from '../../../events/rules.js';
import { childPath, InvalidEventPatternError } from './invalid-event-pattern-error.js';
import { compileLeafCondition, type LeafCondition, type LeafValue } from './pattern-leaf.js';

export { InvalidEventPatternError } from './invalid-event-pattern-error.js';

/** A compiled pattern: tells whether an event (any JSON value) matches. */
export type EventMatcher = (event: unknown) => boolean;

type JsonObject = Record<string, unknown>;
type FieldCheck = (object: JsonObject | undefined) => boolean;

const compiled = new WeakMap<object, EventMatcher>();

/**
 * Compiles a pattern once so that routing many events costs only the matching. The result is cached per pattern
 * object: patterns are configuration and must not be changed once in use.
 *
 * @throws InvalidEventPatternError when EventBridge would refuse the pattern.
 */
export function compilePattern(pattern: unknown): EventMatcher {
  if (!isObject(pattern)) throw new InvalidEventPatternError('the event pattern must be a JSON object', '');
  const cached = compiled.get(pattern);
  if (cached !== undefined) return cached;
  const matcher = compileObject(pattern, '');
  compiled.set(pattern, matcher);
  return matcher;
}

/**
 * Whether `event` matches `pattern`: every field named in the pattern must match (fields the pattern does not name
 * are ignored), and a field matches when any element of its value array does.
 *
 * @throws InvalidEventPatternError when the pattern is not valid, rather than silently matching nothing.
 * @example matchesPattern({ source: ['ccc.telephony'] }, { source: 'ccc.telephony', detail: {} }) // true
 */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return compilePattern(pattern)(event);
}

/**
 * Refuses what `TestEventPattern` and `PutRule` refuse: a pattern that is not an object, empty objects or arrays,
 * a field value that is neither array nor object, unknown filters, malformed filter operands, a `$or` without at
 * least two alternatives.
 *
 * @throws InvalidEventPatternError naming the reason and the path of the offending part.
 */
export function validatePattern(pattern: unknown): void {
  compilePattern(pattern);
}

function compileObject(pattern: unknown, path: string): EventMatcher {
  if (!isObject(pattern)) throw new InvalidEventPatternError('must be an object', path);
  const fields = Object.entries(pattern);
  if (fields.length === 0) throw new InvalidEventPatternError('empty objects are not allowed', path);
  const checks = fields.map(([key, value]) => compileField(key, value, childPath(path, key)));
  const matchesAll = (object: JsonObject | undefined) => checks.every((check) => check(object));
  // Fields of one sub-pattern must be found in the same element of an event array, never spread over several.
  return (context) => objectsIn(context).some(matchesAll);
}

function compileField(key: string, value: unknown, path: string): FieldCheck {
  if (key === '$or') return compileOr(value, path);
  if (Array.isArray(value)) {
    if (value.length === 0) throw new InvalidEventPatternError('empty arrays are not allowed', path);
    const conditions = value.map((item, index) => compileLeafCondition(item, childPath(path, index)));
    return (object) => matchesLeaf(conditions, leafValues(fieldOf(object, key)));
  }
  if (isObject(value)) {
    const nested = compileObject(value, path);
    return (object) => nested(fieldOf(object, key));
  }
  throw new InvalidEventPatternError(`${JSON.stringify(key)} must be an object or an array`, path);
}

function compileOr(value: unknown, path: string): FieldCheck {
  if (!Array.isArray(value) || value.length < 2) {
    throw new InvalidEventPatternError('$or must be an array of at least two pattern objects', path);
  }
  const alternatives = value.map((alternative, index) => compileObject(alternative, childPath(path, index)));
  return (object) => alternatives.some((alternative) => alternative(object));
}

function matchesLeaf(conditions: LeafCondition[], values: LeafValue[]): boolean {
  return conditions.some((condition) =>
    condition.kind === 'exists' ? values.length > 0 === condition.present : values.some(condition.matches),
  );
}

/** The objects a sub-pattern is matched against: the value itself, or each object element of an array. */
function objectsIn(context: unknown): Array<JsonObject | undefined> {
  if (isObject(context)) return [context];
  if (Array.isArray(context)) {
    const objects = context.flat(Number.POSITIVE_INFINITY).filter(isObject);
    if (objects.length > 0) return objects;
  }
  return [undefined];
}

/** A field's leaf values: none when absent, an object (not a leaf) or an empty array; an array's primitives. */
function leafValues(value: unknown): LeafValue[] {
  if (value === undefined || isObject(value)) return [];
  if (Array.isArray(value)) return value.flat(Number.POSITIVE_INFINITY).filter((item) => !isObject(item));
  return [value as LeafValue];
}

function fieldOf(object: JsonObject | undefined, key: string): unknown {
  return object !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
