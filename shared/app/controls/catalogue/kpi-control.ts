/**
 * The KPI controls (P1-OPS-SL, P1-OPS-ABANDON, P1-OPS-ASYNC, and P1-CX-FCR where a target is set): the tenant-local
 * month to date judged against the agreement's targets channel by channel, with the statuses the KPI aggregates
 * already give (`met`, `at-risk`, `missed`; docs/kpis.md). They differ only in the KPI and the channels they read.
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

/** The month-to-date rows of `kpi` on `channels`, one per channel whose agreement sets a target for it. */
export function kpiRows(kpis: ControlFacts['kpis'], kpi: KpiName, channels: readonly Channel[]): KpiRow[] {
  const rows: KpiRow[] = [];
  for (const entry of kpis.monthToDate) {
    const target = entry.targets[kpi];
    if (target === undefined || !channels.includes(entry.channel)) continue;
    const missedDays = kpis.days
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
      return { status: judgeRows(rows), detail: { month: kpis.month, kpi, channels: rows } };
    },
  });
}
