import { InvalidEventPatternError } from './invalid-event-pattern-error.js';

/**
 * Compiles an EventBridge `wildcard` value: `*` stands for any run of characters, `\*` for a literal asterisk and
 * `\\` for a literal backslash. EventBridge refuses consecutive wildcards and any other escape, and so does this.
 *
 * Matching walks the literal pieces between the wildcards left to right, so its cost is linear in the value; a
 * regular expression built from the pattern could backtrack badly on adversarial values.
 */
export function compileWildcard(pattern: string, path: string): (value: string) => boolean {
  const pieces = wildcardPieces(pattern, path);
  if (pieces.length === 1) {
    const [exact] = pieces as [string];
    return (value) => value === exact;
  }
  return (value) => matchesPieces(value, pieces);
}

function wildcardPieces(pattern: string, path: string): string[] {
  const pieces: string[] = [];
  let current = '';
  let previousWasWildcard = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      const escaped = pattern[i + 1];
      if (escaped !== '*' && escaped !== '\\') {
        throw new InvalidEventPatternError('a backslash in a wildcard pattern may only escape "*" or "\\"', path);
      }
      current += escaped;
      i++;
      previousWasWildcard = false;
    } else if (char === '*') {
      if (previousWasWildcard) {
        throw new InvalidEventPatternError('consecutive wildcard characters are not allowed', path);
      }
      pieces.push(current);
      current = '';
      previousWasWildcard = true;
    } else {
      current += char;
      previousWasWildcard = false;
    }
  }
  pieces.push(current);
  return pieces;
}

function matchesPieces(value: string, pieces: string[]): boolean {
  const first = pieces[0] ?? '';
  const last = pieces[pieces.length - 1] ?? '';
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  const end = value.length - last.length;
  let position = first.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = value.indexOf(piece, position);
    if (found === -1 || found + piece.length > end) return false;
    position = found + piece.length;
  }
  return true;
}
