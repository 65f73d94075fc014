/**
 * The intraday view: the quarter hours of one tenant-local day, per channel, with the counts and the wait-based
 * KPIs (the ones a supervisor watches during the day). Intervals are numbered from local midnight in elapsed
 * time, so the night clocks go back has 100 of them and the one they go forward 92.
 */
import { CHANNELS, type Channel } from '../../../events/telephony.js';
import type { AgreementVersion } from '../agreement/agreement-schema.js';
import { toOffsetIso } from '../calendar/wall-clock.js';
import { intervalAt } from '../calendar/zoned-time.js';
import type { KpiCounters } from './kpi-counters.js';
import { addJudged, emptyJudged, type JudgedCounters, judge, kpiValues } from './kpi-formulas.js';
import type { IntervalEntry } from './kpi-report-schema.js';

export type { IntervalEntry };

/** The counters of one quarter hour, channel, centre and queue. */
export interface IntervalAggregate {
  date: string;
  index: number;
  channel: Channel;
  centerId: string;
  queue: string;
  counters: KpiCounters;
}

const round = (value: number | null, digits: number) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * One entry per quarter hour and channel that had contacts, in time order, with the thresholds of `version` (the
 * agreement in force that day).
 */
export function buildIntervalSeries(
  date: string,
  aggregates: readonly IntervalAggregate[],
  version: AgreementVersion,
): IntervalEntry[] {
  const timeZone = version.timeZone.value;
  const sums = new Map<string, { index: number; channel: Channel; judged: JudgedCounters }>();
  for (const a of aggregates) {
    if (a.date !== date) continue;
    const limits = version.thresholds[a.channel];
    const judged = judge(a.counters, {
      serviceLevelSeconds: limits.serviceLevelSeconds.value,
      shortAbandonSeconds: limits.shortAbandonSeconds.value,
    });
    const key = `${a.index}|${a.channel}`;
    const sum = sums.get(key) ?? { index: a.index, channel: a.channel, judged: emptyJudged() };
    addJudged(sum.judged, judged);
    sums.set(key, sum);
  }
  return [...sums.values()]
    .sort((a, b) => a.index - b.index || CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel))
    .map(({ index, channel, judged }) => {
      const interval = intervalAt(date, index, timeZone);
      const v = kpiValues(judged);
      return {
        start: toOffsetIso(interval.start, timeZone),
        localTime: interval.localTime,
        index,
        channel,
        offered: v.offered,
        handled: v.handled,
        abandoned: v.abandoned,
        shortAbandoned: v.shortAbandoned,
        serviceLevel: round(v.serviceLevel, 6),
        abandonmentRate: round(v.abandonmentRate, 6),
        averageSpeedOfAnswerSeconds: round(v.averageSpeedOfAnswerSeconds, 2),
        waitP90Seconds: v.waitP90Seconds,
      };
    });
}
