import { BlockList, isIP } from 'node:net';
import { InvalidEventPatternError } from './invalid-event-pattern-error.js';

/** EventBridge's numeric matching only covers this range (values beyond it never match a `numeric` filter). */
export const NUMERIC_LIMIT = 5e9;

type Comparison = (value: number) => boolean;

const COMPARISONS: Record<string, (bound: number) => Comparison> = {
  '=': (bound) => (value) => value === bound,
  '<': (bound) => (value) => value < bound,
  '<=': (bound) => (value) => value <= bound,
  '>': (bound) => (value) => value > bound,
  '>=': (bound) => (value) => value >= bound,
};
const LOWER_BOUNDS = new Set(['>', '>=']);
const UPPER_BOUNDS = new Set(['<', '<=']);

/**
 * Compiles `{"numeric": [">", 0, "<=", 5]}`, `[op, n]` or `["=", n]`. A range names its lower bound first.
 * Only JSON numbers match: the string "5" is not the number 5.
 */
export function compileNumeric(operand: unknown, path: string): (value: unknown) => boolean {
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) {
    throw new InvalidEventPatternError(
      'value of numeric must be an array of one comparison [op, n] or a range [">"|">=", n, "<"|"<=", m]',
      path,
    );
  }
  const [op, bound, upperOp, upperBound] = operand as unknown[];
  const first = comparison(op, bound, path);
  if (operand.length === 2) return (value) => isMatchableNumber(value) && first(value);

  if (!LOWER_BOUNDS.has(op as string) || !UPPER_BOUNDS.has(upperOp as string)) {
    throw new InvalidEventPatternError('a numeric range is [">"|">=", lower, "<"|"<=", upper]', path);
  }
  const second = comparison(upperOp, upperBound, path);
  if ((bound as number) >= (upperBound as number)) {
    throw new InvalidEventPatternError('the lower bound of a numeric range must be below its upper bound', path);
  }
  return (value) => isMatchableNumber(value) && first(value) && second(value);
}

function comparison(op: unknown, bound: unknown, path: string): Comparison {
  const make = typeof op === 'string' && Object.hasOwn(COMPARISONS, op) ? COMPARISONS[op] : undefined;
  if (make === undefined) {
    throw new InvalidEventPatternError(`unrecognized numeric operator ${JSON.stringify(op)}`, path);
  }
  if (typeof bound !== 'number' || Math.abs(bound) > NUMERIC_LIMIT) {
    throw new InvalidEventPatternError(
      `numeric operand must be a number between -${NUMERIC_LIMIT} and ${NUMERIC_LIMIT}, not ${JSON.stringify(bound)}`,
      path,
    );
  }
  return make(bound);
}

function isMatchableNumber(value: unknown): value is number {
  return typeof value === 'number' && Math.abs(value) <= NUMERIC_LIMIT;
}

/** Compiles `{"cidr": "10.0.0.0/24"}` (IPv4 or IPv6); only a string holding an address of the same family matches. */
export function compileCidr(operand: unknown, path: string): (value: unknown) => boolean {
  const invalid = () => new InvalidEventPatternError(`cidr must be an IP address block such as "10.0.0.0/24"`, path);
  if (typeof operand !== 'string') throw invalid();
  const [network, bits, ...rest] = operand.split('/');
  const family = isIP(network ?? '');
  const prefix = Number(bits);
  const maxPrefix = family === 6 ? 128 : 32;
  if (family === 0 || rest.length > 0 || !/^\d{1,3}$/.test(bits ?? '') || prefix > maxPrefix) throw invalid();

  const type = family === 6 ? 'ipv6' : 'ipv4';
  const block = new BlockList();
  block.addSubnet(network as string, prefix, type);
  return (value) => typeof value === 'string' && isIP(value) === family && block.check(value, type);
}
