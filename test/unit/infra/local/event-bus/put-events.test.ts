import { describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from '../../../../../events/envelope.js';
import { busNameOf, type PutEventsContext, putEvents } from '../../../../../infra/local/event-bus/put-events.js';

function context(overrides: Partial<PutEventsContext> = {}) {
  const published: Array<{ event: EventBridgeEvent; busName: string }> = [];
  let ids = 0;
  const ctx: PutEventsContext = {
    region: 'eu-west-3',
    account: '000000000000',
    now: () => new Date('2025-03-01T10:00:00.123Z'),
    newId: () => `id-${++ids}`,
    hasRoom: () => true,
    publish: (event, busName) => void published.push({ event, busName }),
    ...overrides,
  };
  return { ctx, published };
}

const entry = { Source: 'ccc.telephony', DetailType: 'contact.completed', Detail: '{"contactId":"c-1"}' };

describe('Function: putEvents', () => {
  it('stamps the time of receipt, to the second, when the entry gives none', () => {
    const { ctx, published } = context();
    putEvents({ Entries: [entry] }, ctx);
    expect(published[0]?.event.time).toBe('2025-03-01T10:00:00Z');
  });

  it.each([
    ['epoch seconds, as the SDKs send', 1_740_823_200, '2025-03-01T10:00:00Z'],
    ['a date-time string', '2025-03-01T11:00:00+01:00', '2025-03-01T10:00:00Z'],
  ])('takes the entry Time as %s', (_form, time, expected) => {
    const { ctx, published } = context();
    putEvents({ Entries: [{ ...entry, Time: time }] }, ctx);
    expect(published[0]?.event.time).toBe(expected);
  });

  it('fails an entry whose Time is no timestamp', () => {
    const { ctx, published } = context();
    const result = putEvents({ Entries: [{ ...entry, Time: 'yesterday' }] }, ctx);
    expect(result).toEqual({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InvalidArgument', ErrorMessage: expect.stringMatching(/Parameter Time/) }],
    });
    expect(published).toEqual([]);
  });

  it('fails entries as ThrottlingException (retryable) while the bus has no room, and publishes nothing', () => {
    const { ctx, published } = context({ hasRoom: () => false });
    const result = putEvents({ Entries: [entry, entry] }, ctx);
    expect(result.FailedEntryCount).toBe(2);
    expect(result.Entries[0]).toMatchObject({ ErrorCode: 'ThrottlingException' });
    expect(published).toEqual([]);
  });

  it('refuses a request without Entries as a ValidationException', () => {
    expect(() => putEvents({}, context().ctx)).toThrow(expect.objectContaining({ code: 'ValidationException' }));
  });
});

describe('Function: busNameOf', () => {
  it.each([
    [undefined, 'default'],
    ['', 'default'],
    ['ccc-compliance', 'ccc-compliance'],
    ['arn:aws:events:eu-west-3:123456789012:event-bus/ccc-compliance', 'ccc-compliance'],
  ])('reads %j as the bus %s', (nameOrArn, expected) => {
    expect(busNameOf(nameOrArn)).toBe(expected);
  });
});
