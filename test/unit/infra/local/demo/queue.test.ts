import { describe, expect, it } from 'vitest';
import { INTERVAL_MS } from '../../../../../infra/local/demo/calendar.js';
import { type QueueEntry, runQueue } from '../../../../../infra/local/demo/queue.js';

const S = 1000;
const entry = (queuedAtSeconds: number, overrides: Partial<QueueEntry> = {}): QueueEntry => ({
  queuedAt: queuedAtSeconds * S,
  patienceMs: Number.POSITIVE_INFINITY,
  answerDelayMs: 0,
  serviceMs: 60 * S,
  acceptsCallback: false,
  callbackDecisionMs: 10 * S,
  ...overrides,
});

describe('Demo: runQueue', () => {
  it('answers in order of arrival, each when the single seat frees up', () => {
    const results = runQueue([entry(0), entry(10), entry(20)], { gridStart: 0, seats: [1] });
    expect(results).toEqual([
      { kind: 'answered', answeredAt: 0, seat: 0 },
      { kind: 'answered', answeredAt: 60 * S, seat: 0 },
      { kind: 'answered', answeredAt: 120 * S, seat: 0 },
    ]);
  });

  it('lets an impatient caller abandon without holding up the next one', () => {
    const results = runQueue([entry(0), entry(10, { patienceMs: 30 * S }), entry(20)], { gridStart: 0, seats: [1] });
    expect(results[1]).toEqual({ kind: 'abandoned', endedAt: 40 * S });
    expect(results[2]).toEqual({ kind: 'answered', answeredAt: 60 * S, seat: 0 });
  });

  it('counts a hang-up while the agent phone is still ringing as an abandon', () => {
    const results = runQueue([entry(0, { patienceMs: 2 * S, answerDelayMs: 5 * S })], { gridStart: 0, seats: [1] });
    expect(results[0]).toEqual({ kind: 'abandoned', endedAt: 2 * S });
  });

  it('waits for the next interval when nobody is staffed', () => {
    const results = runQueue([entry(0)], { gridStart: 0, seats: [0, 2] });
    expect(results[0]).toEqual({ kind: 'answered', answeredAt: INTERVAL_MS, seat: 0 });
  });

  it('gives the contact to the seat idle the longest', () => {
    const results = runQueue([entry(0), entry(5), entry(100)], { gridStart: 0, seats: [2] });
    expect(results.map((r) => (r.kind === 'answered' ? r.seat : -1))).toEqual([0, 1, 0]);
  });

  it('offers a callback to a caller still waiting, who takes it and leaves', () => {
    const caller = entry(10, { patienceMs: 600 * S, acceptsCallback: true });
    const results = runQueue([entry(0, { serviceMs: 900 * S }), caller], {
      gridStart: 0,
      seats: [1],
      callbackOfferAfterMs: 120 * S,
    });
    expect(results[1]).toEqual({ kind: 'callback-requested', endedAt: (10 + 120 + 10) * S });
  });

  it('leaves work unanswered by the end of the period unfinished', () => {
    const results = runQueue([entry(0)], { gridStart: 0, seats: [0, 0] });
    expect(results[0]).toEqual({ kind: 'unfinished' });
  });
});
