import { describe, expect, it } from 'vitest';
import { InvalidEventPatternError, matchesPattern } from '../../../../../infra/local/event-bus/pattern.js';

/** The sample event of the EventBridge documentation (content filtering and Event Ruler). */
const ec2 = {
  version: '0',
  id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '012345679012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: {
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.33',
    'instance-id': 'i-000000aaaaaa00000',
    state: 'running',
  },
};

const withDetail = (detail: Record<string, unknown>) => ({ ...ec2, detail });

type Row = [behaviour: string, pattern: Record<string, unknown>, event: unknown, matches: boolean];

const rows: Row[] = [
  ['exact string', { source: ['aws.ec2'] }, ec2, true],
  ['exact string, other value', { source: ['aws.s3'] }, ec2, false],
  ['exact string is case-sensitive', { source: ['AWS.EC2'] }, ec2, false],
  ['any value of the array', { source: ['aws.fargate', 'aws.ec2'] }, ec2, true],
  ['every field must match', { source: ['aws.ec2'], 'detail-type': ['Other'] }, ec2, false],
  ['fields the pattern omits are ignored', { detail: { state: ['running'] } }, ec2, true],
  ['a field absent from the event does not match', { detail: { zone: ['a'] } }, ec2, false],
  ['same nesting required', { state: ['running'] }, ec2, false],
  [
    'numbers at any depth',
    { detail: { 'risk-score': [80], trigger: { risk: [8] } } },
    withDetail({ 'risk-score': 80, trigger: { risk: 8 } }),
    true,
  ],
  ['number, other value', { detail: { 'c-count': [6] } }, ec2, false],
  ['the string "5" is not the number 5', { detail: { 'c-count': ['5'] } }, ec2, false],
  ['boolean', { detail: { recorded: [true] } }, withDetail({ recorded: true }), true],
  ['boolean, other value', { detail: { recorded: [true] } }, withDetail({ recorded: false }), false],
  ['the string "true" is not true', { detail: { recorded: ['true'] } }, withDetail({ recorded: true }), false],
  ['null', { detail: { responseElements: [null] } }, withDetail({ responseElements: null }), true],
  ['empty string', { detail: { eventVersion: [''] } }, withDetail({ eventVersion: '' }), true],
  ['empty string does not match null', { detail: { eventVersion: [''] } }, withDetail({ eventVersion: null }), false],
  ['null does not match empty string', { detail: { eventVersion: [null] } }, withDetail({ eventVersion: '' }), false],
  ['null does not match an absent field', { detail: { responseElements: [null] } }, withDetail({}), false],
  [
    'event array: any element matches',
    { resources: ['arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f', ec2.resources[0]] },
    { ...ec2, resources: ['arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup', ec2.resources[0]] },
    true,
  ],
  ['event array: no element matches', { resources: ['arn:other'] }, ec2, false],
  ['prefix', { time: [{ prefix: '2017-10-02' }] }, ec2, true],
  ['prefix, other value', { time: [{ prefix: '2017-10-03' }] }, ec2, false],
  ['prefix only applies to strings', { detail: { 'c-count': [{ prefix: '5' }] } }, ec2, false],
  [
    'prefix ignoring case',
    { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    withDetail({ service: 'eventbridge' }),
    true,
  ],
  [
    'prefix ignoring case, other value',
    { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    withDetail({ service: 'lambda' }),
    false,
  ],
  ['suffix', { detail: { FileName: [{ suffix: '.png' }] } }, withDetail({ FileName: 'a.png' }), true],
  [
    'suffix is case-sensitive',
    { detail: { FileName: [{ suffix: '.png' }] } },
    withDetail({ FileName: 'a.PNG' }),
    false,
  ],
  [
    'suffix ignoring case',
    { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
    withDetail({ FileName: 'a.PNG' }),
    true,
  ],
  [
    'equals-ignore-case',
    { detail: { Name: [{ 'equals-ignore-case': 'alice' }] } },
    withDetail({ Name: 'ALICE' }),
    true,
  ],
  [
    'equals-ignore-case, other value',
    { detail: { Name: [{ 'equals-ignore-case': 'alice' }] } },
    withDetail({ Name: 'Alicia' }),
    false,
  ],
  ['anything-but string', { detail: { state: [{ 'anything-but': 'initializing' }] } }, ec2, true],
  [
    'anything-but string, excluded value',
    { detail: { state: [{ 'anything-but': 'running' }] } },
    withDetail({ state: 'running' }),
    false,
  ],
  ['anything-but number', { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, ec2, true],
  [
    'anything-but number, excluded value',
    { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    withDetail({ 'x-limit': 123 }),
    false,
  ],
  [
    'anything-but list of strings',
    { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    withDetail({ state: 'stopped' }),
    false,
  ],
  ['anything-but list of strings, other value', { detail: { state: [{ 'anything-but': ['stopped'] }] } }, ec2, true],
  [
    'anything-but list of numbers',
    { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    withDetail({ 'x-limit': 200 }),
    false,
  ],
  ['anything-but prefix', { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, ec2, true],
  [
    'anything-but prefix, excluded value',
    { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    withDetail({ state: 'initializing' }),
    false,
  ],
  [
    'anything-but suffix',
    { detail: { FileName: [{ 'anything-but': { suffix: '.png' } }] } },
    withDetail({ FileName: 'a.png' }),
    false,
  ],
  [
    'anything-but equals-ignore-case',
    { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }] } },
    withDetail({ state: 'INITIALIZING' }),
    false,
  ],
  [
    'anything-but equals-ignore-case, other value',
    { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
    ec2,
    true,
  ],
  [
    'anything-but wildcard',
    { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
    withDetail({ FilePath: '/usr/lib/libc.so' }),
    false,
  ],
  [
    'anything-but wildcard, other value',
    { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
    withDetail({ FilePath: '/usr/bin/env' }),
    true,
  ],
  ['anything-but needs the field', { detail: { zone: [{ 'anything-but': 'a' }] } }, ec2, false],
  [
    'numeric range and equality (documented example)',
    {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    },
    ec2,
    true,
  ],
  ['numeric range, above', { detail: { 'c-count': [{ numeric: ['>', 0, '<', 5] }] } }, ec2, false],
  ['numeric lower bound is exclusive with >', { detail: { 'c-count': [{ numeric: ['>', 5] }] } }, ec2, false],
  ['numeric lower bound is inclusive with >=', { detail: { 'c-count': [{ numeric: ['>=', 5] }] } }, ec2, true],
  ['numeric only matches JSON numbers', { detail: { n: [{ numeric: ['=', 5] }] } }, withDetail({ n: '5' }), false],
  ['cidr IPv4', { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }, ec2, true],
  [
    'cidr IPv4, outside the block',
    { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } },
    withDetail({ 'source-ip': '10.0.1.1' }),
    false,
  ],
  [
    'cidr IPv6',
    { detail: { 'source-ip': [{ cidr: '2001:db8::/32' }] } },
    withDetail({ 'source-ip': '2001:db8:0:1::7' }),
    true,
  ],
  ['exists true', { detail: { state: [{ exists: true }] } }, ec2, true],
  ['exists true, absent field', { detail: { zone: [{ exists: true }] } }, ec2, false],
  ['exists false', { detail: { 'c-count': [{ exists: false }] } }, withDetail({ state: 'running' }), true],
  ['exists false, present field', { detail: { 'c-count': [{ exists: false }] } }, ec2, false],
  [
    'exists only sees leaf nodes (an object is not one)',
    { detail: { 'c-count': [{ exists: false }] } },
    withDetail({ 'c-count': { c1: 100 } }),
    true,
  ],
  ['exists false when the parent object is absent', { extra: { flag: [{ exists: false }] } }, ec2, true],
  [
    'wildcard',
    { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
    { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/ccc-compliance' },
    true,
  ],
  [
    'wildcard, other value',
    { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
    { EventBusArn: 'arn:aws:events:eu-west-1:123456789012:event-bus/ccc-compliance' },
    false,
  ],
  ['wildcard matches an empty run', { source: [{ wildcard: 'aws.*ec2' }] }, ec2, true],
  ['wildcard with an escaped asterisk', { name: [{ wildcard: 'a\\*b' }] }, { name: 'a*b' }, true],
  ['an escaped asterisk is no wildcard', { name: [{ wildcard: 'a\\*b' }] }, { name: 'axb' }, false],
  ['wildcard with an escaped backslash', { name: [{ wildcard: 'a\\\\*' }] }, { name: 'a\\bc' }, true],
  [
    '$or between fields',
    { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }] },
    { source: 'aws.cloudwatch', metricName: 'DiskIO', namespace: 'AWS/EC2' },
    true,
  ],
  [
    '$or, no alternative matches',
    { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }] },
    { source: 'aws.cloudwatch', metricName: 'DiskIO', namespace: 'AWS/ES' },
    false,
  ],
  [
    '$or nested inside an alternative and inside detail',
    {
      $or: [
        { metricName: ['CPUUtilization'] },
        { namespace: ['AWS/EC2'], $or: [{ metricId: [1234] }, { spaceId: [1] }] },
      ],
      detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }] },
    },
    { namespace: 'AWS/EC2', spaceId: 1, detail: { 'detail-type': 'CloudWatch Alarm State Change' } },
    true,
  ],
  [
    'sub-pattern inside an event array of objects',
    { employees: { firstName: ['Anna'] } },
    { employees: [[{ firstName: 'John' }, { firstName: 'Anna' }], [{ firstName: 'Peter' }]] },
    true,
  ],
  [
    'fields of a sub-pattern must match in the same array element',
    { employees: { firstName: ['Anna'], lastName: ['Jones'] } },
    {
      employees: [
        { firstName: 'Anna', lastName: 'Smith' },
        { firstName: 'Peter', lastName: 'Jones' },
      ],
    },
    false,
  ],
];

describe('Function: matchesPattern', () => {
  it.each(rows)('%s', (_behaviour, pattern, event, expected) => {
    expect(matchesPattern(pattern, event)).toBe(expected);
  });

  it('refuses to evaluate an invalid pattern rather than matching nothing', () => {
    expect(() => matchesPattern({ source: 'aws.ec2' }, ec2)).toThrow(InvalidEventPatternError);
  });
});
