/**
 * The KPI formulas of docs/kpis.md, from counters. Thresholds are applied per day (each day with the agreement
 * in force that day) before days are added up, so a month mixes versions exactly as its days did; ratios and means
 * are taken only on the sums. A ratio or mean with a zero denominator is null, never 0 or NaN.
 */
import { addCounters, emptyCounters, type KpiCounters } from './kpi-counters.js';
import { countAbandonedBelow, countHandledWithin, handledWaitPercentile } from './wait-histogram.js';

/** The two thresholds that turn waits into counts. */
export interface WaitThresholds {
  serviceLevelSeconds: number;
  shortAbandonSeconds: number;
}

/** Counters with the thresholds applied: what the formulas need. */
export interface JudgedCounters extends KpiCounters {
  /** Handled with `wait ≤ serviceLevelSeconds`. */
  answeredWithin: number;
  /** Abandoned with `wait < shortAbandonSeconds`. */
  shortAbandoned: number;
}

/** Applies a day's thresholds to that day's counters. */
export function judge(counters: KpiCounters, thresholds: WaitThresholds): JudgedCounters {
  return {
    ...counters,
    answeredWithin: countHandledWithin(counters.handledWaits, thresholds.serviceLevelSeconds),
    shortAbandoned: countAbandonedBelow(counters.abandonedWaits, thresholds.shortAbandonSeconds),
  };
}

export function emptyJudged(): JudgedCounters {
  return { ...emptyCounters(), answeredWithin: 0, shortAbandoned: 0 };
}

/** Adds `b` into `a` and returns `a`. */
export function addJudged(a: JudgedCounters, b: JudgedCounters): JudgedCounters {
  addCounters(a, b);
  a.answeredWithin += b.answeredWithin;
  a.shortAbandoned += b.shortAbandoned;
  return a;
}

/** The counts and KPIs of a period, as the API reports them. */
export interface KpiValues {
  offered: number;
  handled: number;
  abandoned: number;
  shortAbandoned: number;
  callbackRequested: number;
  outbound: number;
  serviceLevel: number | null;
  abandonmentRate: number | null;
  averageSpeedOfAnswerSeconds: number | null;
  averageHandleSeconds: number | null;
  firstContactResolutionRate: number | null;
  repeatContactResolutionRate: number | null;
  waitP90Seconds: number | null;
}

/** `n ÷ d`, or null when `d` is 0. */
export function ratio(n: number, d: number): number | null {
  return d === 0 ? null : n / d;
}

/** The KPIs of judged counters. */
export function kpiValues(c: JudgedCounters): KpiValues {
  const handledWaitSeconds = c.handledWaitMs / 1000;
  return {
    offered: c.offered,
    handled: c.handled,
    abandoned: c.abandoned,
    shortAbandoned: c.shortAbandoned,
    callbackRequested: c.callbackRequested,
    outbound: c.outbound,
    serviceLevel: ratio(c.answeredWithin, c.handled + c.abandoned - c.shortAbandoned),
    abandonmentRate: ratio(c.abandoned - c.shortAbandoned, c.offered - c.shortAbandoned),
    averageSpeedOfAnswerSeconds: ratio(handledWaitSeconds, c.handled),
    averageHandleSeconds: ratio(c.handleSeconds, c.handleCount),
    firstContactResolutionRate: ratio(c.fcrTrue, c.fcrKnown),
    repeatContactResolutionRate: ratio(c.repeatEligible - c.repeated, c.repeatEligible),
    waitP90Seconds: handledWaitPercentile(c.handledWaits, 0.9),
  };
}
