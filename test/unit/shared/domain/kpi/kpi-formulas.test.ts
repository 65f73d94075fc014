import { describe, expect, it } from 'vitest';
import { addCounters, contactCounters, emptyCounters } from '../../../../../shared/domain/kpi/kpi-counters.js';
import { judge, kpiValues } from '../../../../../shared/domain/kpi/kpi-formulas.js';
import { contact } from './contact-fixture.js';

const VOICE = { serviceLevelSeconds: 20, shortAbandonSeconds: 5 };

function kpisOf(contacts: ReturnType<typeof contact>[], thresholds = VOICE) {
  const counters = contacts.map(contactCounters).reduce(addCounters, emptyCounters());
  return kpiValues(judge(counters, thresholds));
}

describe('Function: kpiValues (docs/kpis.md)', () => {
  it('computes every KPI of a hand-counted day', () => {
    // Prepare: 6 handled (waits 5, 10, 20, 21, 30, 60 s), 3 abandoned (3 s is short, 8 s, 40 s), 1 callback
    const contacts = [
      contact('h1', {
        wait: 5,
        talkSeconds: 100,
        holdSeconds: 20,
        afterContactWorkSeconds: 30,
        resolvedOnFirstContact: true,
      }),
      contact('h2', { wait: 10, talkSeconds: 200, resolvedOnFirstContact: true }),
      contact('h3', { wait: 20, talkSeconds: 300, resolvedOnFirstContact: false }),
      contact('h4', { wait: 21, talkSeconds: 150, afterContactWorkSeconds: 50, resolvedOnFirstContact: true }),
      contact('h5', { wait: 30, transferred: true }),
      contact('h6', { wait: 60, talkSeconds: 90 }),
      contact('a1', { outcome: 'abandoned', wait: 3 }),
      contact('a2', { outcome: 'abandoned', wait: 8 }),
      contact('a3', { outcome: 'abandoned', wait: 40 }),
      contact('cb', { outcome: 'callback-requested', wait: 50 }),
    ];

    // Act
    const kpis = kpisOf(contacts);

    // Assess
    expect(kpis).toMatchObject({ offered: 10, handled: 6, abandoned: 3, shortAbandoned: 1, callbackRequested: 1 });
    // answered within 20 s: 5, 10 and 20 (≤ is inclusive) → 3 ÷ (6 + 3 − 1)
    expect(kpis.serviceLevel).toBe(3 / 8);
    // (3 − 1) ÷ (10 − 1)
    expect(kpis.abandonmentRate).toBe(2 / 9);
    expect(kpis.averageSpeedOfAnswerSeconds).toBeCloseTo(146 / 6, 10);
    // h5 reports no handle time and is left out: (150 + 200 + 300 + 200 + 90) ÷ 5
    expect(kpis.averageHandleSeconds).toBe(940 / 5);
    expect(kpis.firstContactResolutionRate).toBe(3 / 4);
    // nearest rank: ceil(0.9 × 6) = 6th wait = 60 s
    expect(kpis.waitP90Seconds).toBe(60);
  });

  it('answers null, never 0 or NaN, when a denominator is zero', () => {
    expect(kpisOf([])).toEqual({
      offered: 0,
      handled: 0,
      abandoned: 0,
      shortAbandoned: 0,
      callbackRequested: 0,
      outbound: 0,
      serviceLevel: null,
      abandonmentRate: null,
      averageSpeedOfAnswerSeconds: null,
      averageHandleSeconds: null,
      firstContactResolutionRate: null,
      repeatContactResolutionRate: null,
      waitP90Seconds: null,
    });
  });

  it('answers null service level and abandonment when every contact was a short abandon', () => {
    const kpis = kpisOf([
      contact('a1', { outcome: 'abandoned', wait: 1 }),
      contact('a2', { outcome: 'abandoned', wait: 4.9 }),
    ]);
    expect(kpis.serviceLevel).toBeNull();
    expect(kpis.abandonmentRate).toBeNull();
    expect(kpis.shortAbandoned).toBe(2);
  });

  it('gives a real 0 where there is a denominator: callbacks only means no abandonment', () => {
    const kpis = kpisOf([contact('cb', { outcome: 'callback-requested' })]);
    expect(kpis.abandonmentRate).toBe(0);
    expect(kpis.serviceLevel).toBeNull();
  });

  it('leaves outbound contacts out of every accessibility KPI', () => {
    const kpis = kpisOf([contact('o1', { direction: 'outbound', wait: 500 }), contact('h1', { wait: 5 })]);
    expect(kpis).toMatchObject({
      offered: 1,
      handled: 1,
      outbound: 1,
      serviceLevel: 1,
      averageSpeedOfAnswerSeconds: 5,
    });
  });

  it("reads e-mail's service level as first responses within the channel's response target", () => {
    const emails = [
      contact('e1', { channel: 'email', wait: 3_600 }),
      contact('e2', { channel: 'email', wait: 86_400 }),
      contact('e3', { channel: 'email', wait: 90_000 }),
    ];
    const kpis = kpisOf(emails, { serviceLevelSeconds: 86_400, shortAbandonSeconds: 0 });
    expect(kpis.serviceLevel).toBe(2 / 3);
  });

  it('counts a wait of exactly the short-abandon threshold as a real abandon', () => {
    const kpis = kpisOf([contact('a1', { outcome: 'abandoned', wait: 5 }), contact('h1', { wait: 5 })]);
    expect(kpis.shortAbandoned).toBe(0);
    expect(kpis.abandonmentRate).toBe(1 / 2);
  });

  it('measures repeat-contact resolution over handled contacts with a customer and a reason', () => {
    const counters = [
      contact('h1', { customerRef: 'c1', reason: 'bill' }),
      contact('h2', { customerRef: 'c2', reason: 'bill' }),
      contact('h3', { customerRef: 'c3' }),
      contact('a1', { outcome: 'abandoned', customerRef: 'c4', reason: 'bill' }),
    ]
      .map(contactCounters)
      .reduce(addCounters, emptyCounters());
    counters.repeated = 1;
    expect(counters.repeatEligible).toBe(2);
    expect(kpiValues(judge(counters, VOICE)).repeatContactResolutionRate).toBe(1 / 2);
  });
});
