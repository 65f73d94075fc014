/**
 * An event pattern that EventBridge would refuse (PutRule and TestEventPattern answer
 * `InvalidEventPatternException`). The message follows AWS's wording: `Event pattern is not valid. Reason: ...`.
 */
export class InvalidEventPatternError extends Error {
  override readonly name = 'InvalidEventPatternError';

  constructor(
    /** Why the pattern is refused, without the location. */
    readonly reason: string,
    /** Where in the pattern, as a dotted path (`detail.state[0]`); empty for the pattern itself. */
    readonly path: string,
  ) {
    super(`Event pattern is not valid. Reason: ${reason}${path === '' ? '' : ` at ${path}`}`);
  }
}

/** The dotted path of `key` inside `parent`, for error messages. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}
