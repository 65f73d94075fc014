import { describe, expect, it } from 'vitest';
import type { AgreementVersion } from '../../../../../shared/domain/agreement/agreement-schema.js';
import { AgreementInput } from '../../../../../shared/domain/agreement/agreement-schema.js';
import { buildVersion } from '../../../../../shared/domain/agreement/agreement-versions.js';
import { addCounters, contactCounters, emptyCounters } from '../../../../../shared/domain/kpi/kpi-counters.js';
import { buildKpiSeries, type DayAggregate } from '../../../../../shared/domain/kpi/kpi-series.js';
import { contact } from './contact-fixture.js';

const TENANT = 'acme-energy';

function day(date: string, waits: number[], dims: Partial<DayAggregate> = {}): DayAggregate {
  const counters = waits
    .map((wait, i) => contactCounters(contact(`${date}-${i}`, { wait })))
    .reduce(addCounters, emptyCounters());
  return { date, channel: 'voice', centerId: 'lyon-1', queue: 'billing', counters, ...dims };
}

function version(n: number, body: Record<string, unknown>): AgreementVersion {
  return buildVersion(AgreementInput.parse(body), {
    tenantId: TENANT,
    version: n,
    recordedAt: '2026-01-01T00:00:00Z',
    recordedBy: 'officer',
  });
}

const tighter = (effectiveFrom: string) =>
  version(1, {
    effectiveFrom,
    thresholds: { voice: { serviceLevelSeconds: { value: 10 }, shortAbandonSeconds: { value: 5 } } },
    kpiTargets: [
      { kpi: 'serviceLevel', channel: 'voice', direction: 'min', target: { value: 0.9 } },
      { kpi: 'serviceLevel', channel: 'voice', queue: 'vip', direction: 'min', target: { value: 0.95 } },
    ],
  });

describe('Function: buildKpiSeries', () => {
  it('judges each day by the agreement in force that day', () => {
    // Prepare: the same waits on two days; from 2 November the service level is 10 s instead of 20 s
    const aggregates = [day('2026-11-01', [5, 15]), day('2026-11-02', [5, 15])];

    // Act
    const series = buildKpiSeries(
      { tenantId: TENANT, from: '2026-11-01', to: '2026-11-02', granularity: 'day', channel: 'voice' },
      aggregates,
      [tighter('2026-11-02')],
    );

    // Assess
    expect(series.map((s) => [s.period, s.serviceLevel, s.status.serviceLevel, s.agreementVersion])).toEqual([
      ['2026-11-01', 1, 'met', 0],
      ['2026-11-02', 0.5, 'missed', 1],
    ]);
    expect(series[1]?.targets.serviceLevel).toMatchObject({ target: 0.9, direction: 'min', origin: 'contract' });
    expect(series[0]?.targets.serviceLevel).toMatchObject({ target: 0.8, origin: 'internal' });
  });

  it("sums a month's days under their own thresholds and takes targets from its last day", () => {
    const series = buildKpiSeries(
      { tenantId: TENANT, from: '2026-11-01', to: '2026-11-02', granularity: 'month', channel: 'voice' },
      [day('2026-11-01', [5, 15]), day('2026-11-02', [5, 15])],
      [tighter('2026-11-02')],
    );
    // 2 within 20 s on the 1st, 1 within 10 s on the 2nd: 3 of 4
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ period: '2026-11', serviceLevel: 0.75, agreementVersion: 1 });
    expect(series[0]?.status.serviceLevel).toBe('missed');
  });

  it('lists every channel with a target or with contacts when no channel is asked for', () => {
    const series = buildKpiSeries(
      { tenantId: TENANT, from: '2026-11-01', to: '2026-11-01', granularity: 'total' },
      [day('2026-11-01', [5], { channel: 'messaging' })],
      [],
    );
    expect(series.map((s) => s.channel)).toEqual(['voice', 'email', 'chat', 'social', 'messaging']);
    const voice = series.find((s) => s.channel === 'voice');
    expect(voice).toMatchObject({ period: '2026-11-01/2026-11-01', offered: 0, serviceLevel: null });
    expect(voice?.status).toMatchObject({
      serviceLevel: 'no-data',
      abandonmentRate: 'no-data',
      waitP90Seconds: 'no-target',
    });
    expect(series.find((s) => s.channel === 'messaging')?.status.serviceLevel).toBe('no-target');
    expect(voice).not.toHaveProperty('queue');
  });

  it("applies a queue's own target when filtered by that queue, and reports the queue", () => {
    const request = {
      tenantId: TENANT,
      from: '2026-11-02',
      to: '2026-11-02',
      granularity: 'day' as const,
      channel: 'voice' as const,
    };
    const aggregates = [day('2026-11-02', [5], { queue: 'vip' }), day('2026-11-02', [50], { queue: 'billing' })];
    const vip = buildKpiSeries({ ...request, queue: 'vip' }, aggregates, [tighter('2026-11-01')]);
    const all = buildKpiSeries(request, aggregates, [tighter('2026-11-01')]);
    expect(vip[0]).toMatchObject({ queue: 'vip', offered: 1, serviceLevel: 1 });
    expect(vip[0]?.targets.serviceLevel).toMatchObject({ target: 0.95, queue: 'vip' });
    expect(all[0]).toMatchObject({ offered: 2, serviceLevel: 0.5 });
    expect(all[0]?.targets.serviceLevel?.target).toBe(0.9);
  });

  it('cuts months at the range and leaves days outside it out', () => {
    const series = buildKpiSeries(
      { tenantId: TENANT, from: '2026-10-30', to: '2026-11-01', granularity: 'month', channel: 'voice' },
      [day('2026-10-29', [5]), day('2026-10-30', [5]), day('2026-11-01', [5, 5])],
      [],
    );
    expect(series.map((s) => [s.period, s.firstDay, s.lastDay, s.offered])).toEqual([
      ['2026-10', '2026-10-30', '2026-10-31', 1],
      ['2026-11', '2026-11-01', '2026-11-01', 2],
    ]);
  });
});
