import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../../../events/telephony.js';
import { P1_CX_FCR } from '../../../../../shared/app/controls/catalogue/p1-cx-fcr.js';
import { P1_OPS_ABANDON } from '../../../../../shared/app/controls/catalogue/p1-ops-abandon.js';
import { P1_OPS_ASYNC } from '../../../../../shared/app/controls/catalogue/p1-ops-async.js';
import { P1_OPS_SL } from '../../../../../shared/app/controls/catalogue/p1-ops-sl.js';
import { context, kpiEntry, kpiFacts } from './control-fixtures.js';

const ctx = context();

describe('P1-OPS-SL (service level on the live channels)', () => {
  it('is breached when a live channel missed its target this month, naming the channel and the days missed', () => {
    const facts = kpiFacts(
      [kpiEntry('voice', 'serviceLevel', 0.71, 'missed'), kpiEntry('chat', 'serviceLevel', 0.9, 'met')],
      [
        kpiEntry('voice', 'serviceLevel', 0.6, 'missed', '2026-11-03'),
        kpiEntry('voice', 'serviceLevel', 0.85, 'met', '2026-11-04'),
        kpiEntry('voice', 'serviceLevel', 0.5, 'missed', '2026-11-02'),
        kpiEntry('chat', 'serviceLevel', 0.5, 'missed', '2026-11-05'),
      ],
    );
    const { status, detail } = P1_OPS_SL.evaluate(facts, ctx);
    expect(status).toBe('breached');
    expect(detail).toMatchObject({
      month: '2026-11',
      kpi: 'serviceLevel',
      channels: [
        { channel: 'chat', value: 0.9, status: 'met', missedDays: ['2026-11-05'], missedDaysCount: 1 },
        {
          channel: 'voice',
          value: 0.71,
          target: 0.8,
          direction: 'min',
          origin: 'contract',
          status: 'missed',
          offered: 100,
          missedDays: ['2026-11-02', '2026-11-03'],
          missedDaysCount: 2,
        },
      ],
    });
  });

  it('is at risk when a live channel is within the warning margin and none missed', () => {
    const facts = kpiFacts([
      kpiEntry('voice', 'serviceLevel', 0.81, 'at-risk'),
      kpiEntry('chat', 'serviceLevel', 0.9, 'met'),
    ]);
    expect(P1_OPS_SL.evaluate(facts, ctx).status).toBe('at-risk');
  });

  it('judges the last complete month too: a month that missed keeps it breached while the new one has no data', () => {
    const previous = [kpiEntry('voice', 'serviceLevel', 0.7, 'missed', '2026-10')];
    const early = kpiFacts([kpiEntry('voice', 'serviceLevel', null, 'no-data')], [], previous);
    const { status, detail } = P1_OPS_SL.evaluate(early, ctx);
    expect(status).toBe('breached');
    expect(detail).toMatchObject({ previousMonth: '2026-10', previous: [{ channel: 'voice', status: 'missed' }] });
    // A met last month and an at-risk month to date: at risk, the graver of the two.
    const met = [kpiEntry('voice', 'serviceLevel', 0.85, 'met', '2026-10')];
    expect(
      P1_OPS_SL.evaluate(kpiFacts([kpiEntry('voice', 'serviceLevel', 0.81, 'at-risk')], [], met), ctx).status,
    ).toBe('at-risk');
    expect(
      P1_OPS_SL.evaluate(kpiFacts([kpiEntry('voice', 'serviceLevel', null, 'no-data')], [], met), ctx).status,
    ).toBe('compliant');
  });

  it('is compliant when every live channel with a target met it', () => {
    const facts = kpiFacts([
      kpiEntry('voice', 'serviceLevel', 0.85, 'met'),
      kpiEntry('chat', 'serviceLevel', null, 'no-data'),
    ]);
    expect(P1_OPS_SL.evaluate(facts, ctx).status).toBe('compliant');
  });

  it('says no-data when no live channel with a target was measured, whatever the deferred channels did', () => {
    const facts = kpiFacts([
      kpiEntry('voice', 'serviceLevel', null, 'no-data'),
      kpiEntry('chat', 'serviceLevel', 0.5, 'no-target', '2026-11', null),
      kpiEntry('email', 'serviceLevel', 0.2, 'missed'),
    ]);
    const { status, detail } = P1_OPS_SL.evaluate(facts, ctx);
    expect(status).toBe('no-data');
    expect(detail.channels).toEqual([expect.objectContaining({ channel: 'voice', status: 'no-data' })]);
  });

  it('is breached exactly when some live channel with a target missed it (any mix of channels and statuses)', () => {
    const status = fc.constantFrom('met', 'at-risk', 'missed', 'no-data', 'no-target' as const);
    const entries = fc.uniqueArray(fc.record({ channel: fc.constantFrom(...CHANNELS), status }), {
      selector: (e) => e.channel,
    });
    fc.assert(
      fc.property(entries, (list) => {
        const facts = kpiFacts(
          list.map(({ channel, status: s }) =>
            kpiEntry(channel, 'serviceLevel', 0.5, s, '2026-11', s === 'no-target' ? null : undefined),
          ),
        );
        const live = list.filter((e) => e.channel === 'voice' || e.channel === 'chat').map((e) => e.status);
        const expected = live.includes('missed')
          ? 'breached'
          : live.includes('at-risk')
            ? 'at-risk'
            : live.includes('met')
              ? 'compliant'
              : 'no-data';
        expect(P1_OPS_SL.evaluate(facts, ctx).status).toBe(expected);
      }),
    );
  });
});

describe('P1-OPS-ASYNC (first response on the deferred channels)', () => {
  it('judges e-mail, social and messaging, not the live channels', () => {
    const voiceMissed = kpiEntry('voice', 'serviceLevel', 0.1, 'missed');
    expect(
      P1_OPS_ASYNC.evaluate(kpiFacts([voiceMissed, kpiEntry('email', 'serviceLevel', 0.95, 'met')]), ctx).status,
    ).toBe('compliant');
    const socialMissed = kpiEntry('social', 'serviceLevel', 0.7, 'missed');
    const { status, detail } = P1_OPS_ASYNC.evaluate(kpiFacts([voiceMissed, socialMissed]), ctx);
    expect(status).toBe('breached');
    expect(detail.channels).toEqual([expect.objectContaining({ channel: 'social', value: 0.7 })]);
  });

  it('is at risk within the margin, and says no-data with only live channels measured', () => {
    expect(P1_OPS_ASYNC.evaluate(kpiFacts([kpiEntry('email', 'serviceLevel', 0.91, 'at-risk')]), ctx).status).toBe(
      'at-risk',
    );
    expect(P1_OPS_ASYNC.evaluate(kpiFacts([kpiEntry('voice', 'serviceLevel', 0.9, 'met')]), ctx).status).toBe(
      'no-data',
    );
  });
});

describe('P1-OPS-ABANDON (abandonment on every channel with a limit)', () => {
  const limit = { target: 0.05, direction: 'max' as const };

  it('is breached when any channel exceeded its limit, deferred channels included', () => {
    const facts = kpiFacts([
      kpiEntry('voice', 'abandonmentRate', 0.03, 'met', '2026-11', limit),
      kpiEntry('messaging', 'abandonmentRate', 0.09, 'missed', '2026-11', limit),
    ]);
    const { status, detail } = P1_OPS_ABANDON.evaluate(facts, ctx);
    expect(status).toBe('breached');
    expect(detail.channels).toEqual([
      expect.objectContaining({ channel: 'messaging', value: 0.09, target: 0.05, direction: 'max' }),
      expect.objectContaining({ channel: 'voice', status: 'met' }),
    ]);
  });

  it('is at risk near the limit, compliant under it, no-data without a measure', () => {
    const one = (value: number | null, s: 'met' | 'at-risk' | 'no-data') =>
      P1_OPS_ABANDON.evaluate(kpiFacts([kpiEntry('chat', 'abandonmentRate', value, s, '2026-11', limit)]), ctx).status;
    expect(one(0.04, 'at-risk')).toBe('at-risk');
    expect(one(0.01, 'met')).toBe('compliant');
    expect(one(null, 'no-data')).toBe('no-data');
  });
});

describe('P1-CX-FCR (first-contact resolution measured)', () => {
  const target = { target: 0.7, direction: 'min' as const };

  it('is judged against a target where the agreement sets one', () => {
    const missed = kpiEntry('voice', 'firstContactResolutionRate', 0.6, 'missed', '2026-11', target);
    expect(P1_CX_FCR.evaluate(kpiFacts([missed]), ctx).status).toBe('breached');
    const atRisk = kpiEntry('voice', 'repeatContactResolutionRate', 0.71, 'at-risk', '2026-11', target);
    expect(P1_CX_FCR.evaluate(kpiFacts([atRisk]), ctx).status).toBe('at-risk');
    const met = kpiEntry('chat', 'firstContactResolutionRate', 0.8, 'met', '2026-11', target);
    const { status, detail } = P1_CX_FCR.evaluate(kpiFacts([met]), ctx);
    expect(status).toBe('compliant');
    expect(detail.channels).toEqual([expect.objectContaining({ kpi: 'firstContactResolutionRate', target: 0.7 })]);
  });

  it('is compliant without any target once either method measures it, with the target null', () => {
    const measured = kpiEntry('email', 'repeatContactResolutionRate', 0.42, 'no-target', '2026-11', null);
    const { status, detail } = P1_CX_FCR.evaluate(kpiFacts([measured]), ctx);
    expect(status).toBe('compliant');
    expect(detail).toMatchObject({
      target: null,
      measured: [{ channel: 'email', kpi: 'repeatContactResolutionRate', value: 0.42, offered: 100 }],
    });
  });

  it('says no-data when it is not measured on any channel', () => {
    const unmeasured = kpiEntry('voice', 'firstContactResolutionRate', null, 'no-target', '2026-11', null);
    expect(P1_CX_FCR.evaluate(kpiFacts([unmeasured]), ctx).status).toBe('no-data');
  });
});
