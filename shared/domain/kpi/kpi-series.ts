/**
 * Turns day aggregates into the KPI series of docs/api.md: one entry per period and channel, each KPI with the
 * target and status of the agreement in force.
 *
 * Which agreement version applies:
 * - counting (`answeredWithin`, `shortAbandoned`) uses, for each day, the thresholds of the version in force that
 *   day, so a month that spans a change counts each day by its own rules;
 * - targets, statuses and the reported thresholds are those of the version in force on the period's last day
 *   (for a day, that day; for a month or the total, its last day within the range).
 */
import { CHANNELS, type Channel } from '../../../events/telephony.js';
import type { AgreementVersion } from '../agreement/agreement-schema.js';
import {
  channelsWithTargets,
  type ResolvedTarget,
  resolveTarget,
  versionInForceOn,
} from '../agreement/agreement-versions.js';
import type { KpiCounters } from './kpi-counters.js';
import { addJudged, emptyJudged, type JudgedCounters, judge, type KpiValues, kpiValues } from './kpi-formulas.js';
import { KPI_NAMES, KPI_UNITS, type KpiName } from './kpi-names.js';
import { type Granularity, periodLabelOf, periodsOf } from './kpi-periods.js';
import type { KpiSeriesEntry } from './kpi-report-schema.js';
import { type KpiStatus, kpiStatus } from './kpi-status.js';

export type { KpiSeriesEntry };

/** The counters of one tenant-local day, channel, centre and queue. */
export interface DayAggregate {
  date: string;
  channel: Channel;
  centerId: string;
  queue: string;
  counters: KpiCounters;
}

export interface KpiSeriesRequest {
  tenantId: string;
  from: string;
  to: string;
  granularity: Granularity;
  channel?: Channel;
  centerId?: string;
  queue?: string;
}

const round = (value: number | null, digits: number) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

/** Ratios to 6 decimals, seconds to 2: enough for any report, free of binary noise like 0.30000000000000004. */
function rounded(values: KpiValues): KpiValues {
  const out = { ...values };
  for (const kpi of KPI_NAMES) out[kpi] = round(values[kpi], KPI_UNITS[kpi] === 'ratio' ? 6 : 2);
  return out;
}

function matches(aggregate: DayAggregate, request: KpiSeriesRequest): boolean {
  return (
    aggregate.date >= request.from &&
    aggregate.date <= request.to &&
    (request.channel === undefined || aggregate.channel === request.channel) &&
    (request.centerId === undefined || aggregate.centerId === request.centerId) &&
    (request.queue === undefined || aggregate.queue === request.queue)
  );
}

/** Builds the series. `versions` are the tenant's stored agreement versions (the default applies before them). */
export function buildKpiSeries(
  request: KpiSeriesRequest,
  aggregates: readonly DayAggregate[],
  versions: readonly AgreementVersion[],
): KpiSeriesEntry[] {
  const inForce = new Map<string, AgreementVersion>();
  const versionOn = (date: string) => {
    let v = inForce.get(date);
    if (v === undefined) {
      v = versionInForceOn(request.tenantId, versions, date);
      inForce.set(date, v);
    }
    return v;
  };

  const sums = new Map<string, JudgedCounters>();
  for (const aggregate of aggregates) {
    if (!matches(aggregate, request)) continue;
    const limits = versionOn(aggregate.date).thresholds[aggregate.channel];
    const judged = judge(aggregate.counters, {
      serviceLevelSeconds: limits.serviceLevelSeconds.value,
      shortAbandonSeconds: limits.shortAbandonSeconds.value,
    });
    const key = `${periodLabelOf(aggregate.date, request.granularity, request.from, request.to)}|${aggregate.channel}`;
    sums.set(key, addJudged(sums.get(key) ?? emptyJudged(), judged));
  }

  const entries: KpiSeriesEntry[] = [];
  for (const period of periodsOf(request.from, request.to, request.granularity)) {
    const version = versionOn(period.lastDay);
    const withTargets = channelsWithTargets(version, request.queue);
    const channels = CHANNELS.filter((channel) =>
      request.channel !== undefined
        ? channel === request.channel
        : withTargets.has(channel) || sums.has(`${period.label}|${channel}`),
    );
    for (const channel of channels) {
      const values = kpiValues(sums.get(`${period.label}|${channel}`) ?? emptyJudged());
      const targets: Partial<Record<KpiName, ResolvedTarget>> = {};
      const status = {} as Record<KpiName, KpiStatus>;
      for (const kpi of KPI_NAMES) {
        const target = resolveTarget(version, kpi, channel, request.queue);
        if (target !== undefined) targets[kpi] = target;
        status[kpi] = kpiStatus(values[kpi], target);
      }
      entries.push({
        period: period.label,
        firstDay: period.firstDay,
        lastDay: period.lastDay,
        channel,
        ...(request.queue === undefined ? {} : { queue: request.queue }),
        ...(request.centerId === undefined ? {} : { centerId: request.centerId }),
        ...rounded(values),
        thresholds: version.thresholds[channel],
        targets,
        status,
        agreementVersion: version.version,
      });
    }
  }
  return entries;
}
