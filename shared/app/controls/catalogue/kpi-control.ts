/**
 * The KPI controls (P1-OPS-SL, P1-OPS-ABANDON, P1-OPS-ASYNC, and P1-CX-FCR where a target is set): the tenant-local
 * month to date and the last complete month, each judged against the agreement's targets channel by channel, with
 * the statuses the KPI aggregates already give (`met`, `at-risk`, `missed`; docs/kpis.md); the control takes the
 * worse of the two, so a month that missed its target keeps the control breached until a month meets it again, and
 * the first days of a month are not `no-data`. They differ only in the KPI and the channels they read.
 */
import type { Channel } from '../../../../events/telephony.js';
import type { KpiName } from '../../../domain/kpi/kpi-names.js';
import type { KpiSeriesEntry } from '../../../domain/kpi/kpi-report-schema.js';
import { type ControlDefinition, type ControlFacts, defineControl, type Evaluation } from '../control-definition.js';

type KpiTarget = NonNullable<KpiSeriesEntry['targets'][KpiName]>;

/** One channel's month for one KPI, with its target, and the days of the month it missed. */
export interface KpiRow {
  channel: Channel;
  kpi: KpiName;
  value: number | null;
  target: number;
  direction: KpiTarget['direction'];
  origin: KpiTarget['origin'];
  status: KpiSeriesEntry['status'][KpiName];
  offered: number;
  missedDays: string[];
  missedDaysCount: number;
}

/**
 * The rows of `kpi` on `channels`, one per channel whose agreement sets a target for it: of the month to date (with
 * the days it missed), or of the last complete month (`previous`; its days are not listed).
 */
export function kpiRows(
  kpis: ControlFacts['kpis'],
  kpi: KpiName,
  channels: readonly Channel[],
  period: 'month-to-date' | 'previous' = 'month-to-date',
): KpiRow[] {
  const rows: KpiRow[] = [];
  for (const entry of period === 'previous' ? kpis.previous : kpis.monthToDate) {
    const target = entry.targets[kpi];
    if (target === undefined || !channels.includes(entry.channel)) continue;
    const missedDays = (period === 'previous' ? [] : kpis.days)
      .filter((day) => day.channel === entry.channel && day.status[kpi] === 'missed')
      .map((day) => day.firstDay)
      .sort();
    rows.push({
      channel: entry.channel,
      kpi,
      value: entry[kpi],
      target: target.target,
      direction: target.direction,
      origin: target.origin,
      status: entry.status[kpi],
      offered: entry.offered,
      // A month has at most 31 days, under the detail's cap: the list is whole.
      missedDays,
      missedDaysCount: missedDays.length,
    });
  }
  return rows.sort((a, b) => a.channel.localeCompare(b.channel) || a.kpi.localeCompare(b.kpi));
}

/** Any row missed: breached; else any at risk: at-risk; else any met: compliant; nothing measured: no-data. */
export function judgeRows(rows: readonly KpiRow[]): Evaluation['status'] {
  const statuses = new Set(rows.map((r) => r.status));
  if (statuses.has('missed')) return 'breached';
  if (statuses.has('at-risk')) return 'at-risk';
  return statuses.has('met') ? 'compliant' : 'no-data';
}

const GRAVITY: readonly Evaluation['status'][] = ['no-data', 'compliant', 'at-risk', 'breached'];

/** The graver of two statuses (breached, then at-risk, then compliant, then no-data). */
export function graver(a: Evaluation['status'], b: Evaluation['status']): Evaluation['status'] {
  return GRAVITY.indexOf(a) >= GRAVITY.indexOf(b) ? a : b;
}

export interface KpiControlSpec {
  controlId: string;
  clause: string;
  requirement: string;
  severity: ControlDefinition['severity'];
  kpi: KpiName;
  channels: readonly Channel[];
}

/** A KPI control: daily, switchable (the targets are the contract's), judged by {@link judgeRows}. */
export function kpiControl(spec: KpiControlSpec): ControlDefinition<'kpis'> {
  const { kpi, channels, ...fields } = spec;
  return defineControl({
    ...fields,
    source: 'ISO 18295-1',
    cadence: 'daily',
    switchable: true,
    facts: ['kpis'],
    evaluate: ({ kpis }) => {
      const rows = kpiRows(kpis, kpi, channels);
      const previous = kpiRows(kpis, kpi, channels, 'previous');
      return {
        status: graver(judgeRows(rows), judgeRows(previous)),
        detail: { month: kpis.month, kpi, channels: rows, previousMonth: kpis.previousMonth, previous },
      };
    },
  });
}
