import { childPath, InvalidEventPatternError } from './invalid-event-pattern-error.js';
import { compileCidr, compileNumeric } from './pattern-ranges.js';
import { compileWildcard } from './pattern-wildcard.js';

/** A value at a leaf of an event: what content filters compare against. */
export type LeafValue = string | number | boolean | null;

/**
 * One element of a pattern's value array. `exists` looks at whether the field has any leaf value at all; every
 * other filter tests the leaf values one by one (an event array matches when any of its elements does).
 */
export type LeafCondition =
  | { kind: 'exists'; present: boolean }
  | { kind: 'value'; matches: (value: LeafValue) => boolean };

type ValueTest = (value: LeafValue) => boolean;

const isString = (value: unknown): value is string => typeof value === 'string';

/** Compiles one element of a pattern array: an exact value or a one-key filter object. */
export function compileLeafCondition(item: unknown, path: string): LeafCondition {
  if (item === null || ['string', 'number', 'boolean'].includes(typeof item)) {
    return { kind: 'value', matches: (value) => value === item };
  }
  if (Array.isArray(item) || typeof item !== 'object') {
    throw new InvalidEventPatternError('match value must be a string, number, true, false, null or a filter', path);
  }
  const entries = Object.entries(item);
  if (entries.length !== 1) {
    throw new InvalidEventPatternError('a filter object must have exactly one key', path);
  }
  const [operator, operand] = entries[0] as [string, unknown];
  const operandPath = childPath(path, operator);
  if (operator === 'exists') {
    if (typeof operand !== 'boolean') throw new InvalidEventPatternError('exists must be true or false', operandPath);
    return { kind: 'exists', present: operand };
  }
  return { kind: 'value', matches: compileFilter(operator, operand, operandPath) };
}

function compileFilter(operator: string, operand: unknown, path: string): ValueTest {
  switch (operator) {
    case 'prefix':
      return compileAffix(operand, path, 'prefix');
    case 'suffix':
      return compileAffix(operand, path, 'suffix');
    case 'equals-ignore-case':
      return compileIgnoreCase(requireString(operand, path, operator));
    case 'wildcard': {
      const matches = compileWildcard(requireString(operand, path, operator), path);
      return (value) => isString(value) && matches(value);
    }
    case 'numeric':
      return compileNumeric(operand, path);
    case 'cidr':
      return compileCidr(operand, path);
    case 'anything-but':
      return compileAnythingBut(operand, path);
    default:
      throw new InvalidEventPatternError(`unrecognized match type ${JSON.stringify(operator)}`, path);
  }
}

function requireString(operand: unknown, path: string, operator: string): string {
  if (!isString(operand)) throw new InvalidEventPatternError(`${operator} match pattern must be a string`, path);
  return operand;
}

/** `{"prefix": "us-"}` or `{"prefix": {"equals-ignore-case": "us-"}}`, and the same for `suffix`. */
function compileAffix(operand: unknown, path: string, kind: 'prefix' | 'suffix'): ValueTest {
  const test = (value: string, affix: string) => (kind === 'prefix' ? value.startsWith(affix) : value.endsWith(affix));
  if (isString(operand)) return (value) => isString(value) && test(value, operand);

  const entries = operand !== null && typeof operand === 'object' ? Object.entries(operand) : [];
  const [key, affix] = entries[0] ?? [];
  if (entries.length !== 1 || key !== 'equals-ignore-case' || !isString(affix)) {
    throw new InvalidEventPatternError(
      `${kind} match pattern must be a string or {"equals-ignore-case": "<string>"}`,
      path,
    );
  }
  const folded = affix.toLowerCase();
  return (value) => isString(value) && test(value.toLowerCase(), folded);
}

function compileIgnoreCase(expected: string): ValueTest {
  const folded = expected.toLowerCase();
  return (value) => isString(value) && value.toLowerCase() === folded;
}

/**
 * `anything-but` takes a string, a number, a list of only strings or only numbers, or one of
 * `{prefix}`, `{suffix}`, `{equals-ignore-case}`, `{wildcard}` (the last two also take a list). It matches every
 * present value the inner filter does not, including values of another type.
 */
function compileAnythingBut(operand: unknown, path: string): ValueTest {
  if (isString(operand) || typeof operand === 'number') return (value) => value !== operand;
  if (Array.isArray(operand)) {
    const allStrings = operand.every(isString);
    const allNumbers = operand.every((v) => typeof v === 'number');
    if (operand.length === 0 || (!allStrings && !allNumbers)) {
      throw new InvalidEventPatternError('an anything-but list must hold only strings or only numbers', path);
    }
    const excluded = new Set<unknown>(operand);
    return (value) => !excluded.has(value);
  }
  if (operand === null || typeof operand !== 'object') {
    throw new InvalidEventPatternError('anything-but must be a string, a number, a list or a filter object', path);
  }
  const entries = Object.entries(operand);
  const [inner, innerOperand] = (entries[0] ?? []) as [string?, unknown?];
  if (entries.length !== 1 || inner === undefined) {
    throw new InvalidEventPatternError('an anything-but filter object must have exactly one key', path);
  }
  const excluded = compileAnythingButFilter(inner, innerOperand, childPath(path, inner));
  return (value) => !excluded(value);
}

function compileAnythingButFilter(inner: string, operand: unknown, path: string): ValueTest {
  switch (inner) {
    case 'prefix':
    case 'suffix':
      return compileAffix(requireString(operand, path, `anything-but ${inner}`), path, inner);
    case 'equals-ignore-case':
      return anyOf(stringList(operand, path, inner).map(compileIgnoreCase));
    case 'wildcard':
      return anyOf(
        stringList(operand, path, inner).map((pattern) => {
          const matches = compileWildcard(pattern, path);
          return (value: LeafValue) => isString(value) && matches(value);
        }),
      );
    default:
      throw new InvalidEventPatternError(
        `anything-but supports prefix, suffix, equals-ignore-case and wildcard, not ${JSON.stringify(inner)}`,
        path,
      );
  }
}

function stringList(operand: unknown, path: string, inner: string): string[] {
  const list = Array.isArray(operand) ? operand : [operand];
  if (list.length === 0 || !list.every(isString)) {
    throw new InvalidEventPatternError(`anything-but ${inner} must be a string or a non-empty list of strings`, path);
  }
  return list;
}

function anyOf(tests: ValueTest[]): ValueTest {
  return (value) => tests.some((test) => test(value));
}
