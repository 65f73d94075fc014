import { describe, expect, it } from 'vitest';
import { rules } from '../../../../../events/rules.js';
import { InvalidEventPatternError, validatePattern } from '../../../../../infra/local/event-bus/pattern.js';

/** Patterns EventBridge answers with InvalidEventPatternException, and the reason it gives. */
type Rejection = [problem: string, pattern: unknown, reason: RegExp];

const rejections: Rejection[] = [
  ['not an object', ['aws.ec2'], /must be a JSON object/],
  ['null', null, /must be a JSON object/],
  ['empty pattern', {}, /empty objects/],
  ['empty nested object', { detail: {} }, /empty objects.* at detail$/],
  ['a bare value instead of an array', { source: 'aws.ec2' }, /"source" must be an object or an array at source$/],
  ['empty array', { source: [] }, /empty arrays/],
  ['nested array', { source: [['aws.ec2']] }, /match value must be/],
  ['unknown filter', { source: [{ contains: 'ec2' }] }, /unrecognized match type "contains" at source\[0\]\.contains/],
  ['two keys in one filter', { source: [{ prefix: 'a', suffix: 'b' }] }, /exactly one key/],
  ['non-string prefix', { source: [{ prefix: 1 }] }, /prefix match pattern must be/],
  ['prefix object that is not equals-ignore-case', { source: [{ prefix: { wildcard: 'a*' } }] }, /prefix match/],
  ['non-boolean exists', { source: [{ exists: 'yes' }] }, /exists must be true or false/],
  ['non-string equals-ignore-case', { source: [{ 'equals-ignore-case': 1 }] }, /must be a string/],
  ['numeric without an array', { n: [{ numeric: 5 }] }, /value of numeric must be an array/],
  ['numeric with an unknown operator', { n: [{ numeric: ['!=', 5] }] }, /unrecognized numeric operator "!="/],
  ['numeric with a string operand', { n: [{ numeric: ['>', '5'] }] }, /numeric operand must be a number/],
  ['numeric beyond the supported range', { n: [{ numeric: ['<', 6e9] }] }, /between -5000000000 and 5000000000/],
  ['numeric range upper bound first', { n: [{ numeric: ['<', 10, '>', 0] }] }, /numeric range is/],
  ['numeric range with crossed bounds', { n: [{ numeric: ['>', 10, '<', 0] }] }, /lower bound .* below/],
  ['anything-but with a mixed list', { s: [{ 'anything-but': ['a', 1] }] }, /only strings or only numbers/],
  ['anything-but with a boolean', { s: [{ 'anything-but': true }] }, /anything-but must be/],
  ['anything-but with an unsupported filter', { s: [{ 'anything-but': { numeric: ['>', 1] } }] }, /supports prefix/],
  ['anything-but prefix list', { s: [{ 'anything-but': { prefix: ['a', 'b'] } }] }, /must be a string/],
  ['consecutive wildcards', { s: [{ wildcard: 'a**b' }] }, /consecutive wildcard/],
  ['escape of another character', { s: [{ wildcard: 'a\\b*' }] }, /backslash/],
  ['cidr prefix too long', { ip: [{ cidr: '10.0.0.0/33' }] }, /cidr must be/],
  ['cidr that is no address', { ip: [{ cidr: 'office/24' }] }, /cidr must be/],
  ['$or with a single alternative', { $or: [{ source: ['a'] }] }, /at least two/],
  ['$or that is not an array', { $or: { source: ['a'] } }, /at least two/],
  ['$or with an empty alternative', { $or: [{ source: ['a'] }, {}] }, /empty objects.* at \$or\[1\]/],
];

describe('Function: validatePattern', () => {
  it.each(rejections)('rejects %s', (_problem, pattern, reason) => {
    const attempt = () => validatePattern(pattern);
    expect(attempt).toThrow(InvalidEventPatternError);
    expect(attempt).toThrow(/^Event pattern is not valid\. Reason: /);
    expect(attempt).toThrow(reason);
  });

  it.each(rules.map((rule) => [rule.name, rule.eventPattern] as const))('accepts the routing rule %s', (_, p) => {
    expect(() => validatePattern(p)).not.toThrow();
  });
});
