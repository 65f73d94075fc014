/**
 * Who contacts the centre, when and why: Poisson arrivals per interval following the demand shape, an unforecast
 * incident on lines that have one, and customers who must come back about the same thing within days.
 */
import { INTERVAL_MS, type Interval } from './calendar.js';
import type { Random } from './random.js';
import type { DemoLine } from './tenant-model.js';

/** One line at one site: its own queue, agents and forecast. */
export interface Desk {
  key: string;
  line: DemoLine;
  centerId: string;
  /** Agent ids rostered on this desk. */
  roster: readonly string[];
  /** Relative demand per interval of the grid (0 where nobody can reach it). */
  weights: readonly number[];
  /** Expected arrivals per interval, as the planners forecast them (no incidents; 0 after the month). */
  forecast: readonly number[];
}

/** A contact entering a desk's queue. */
export interface Arrival {
  desk: Desk;
  queuedAt: number;
  /** Index into the tenant's customer pool. */
  customer: number;
  reason: string;
  /** The customer's need is not met by this contact, so they may come back. */
  unresolved: boolean;
  /** 0 for a first contact, 1 for its repeat, … */
  depth: number;
  /** Creation order; breaks ties between simultaneous arrivals deterministically. */
  seq: number;
}

const MAX_REPEAT_DEPTH = 2;
const REPEAT_SHARE_OF_UNRESOLVED = 0.6;
const REPEAT_WINDOW_MS = [60 * 60_000, 5 * 86_400_000] as const;
/** A customer who comes back sometimes tries another channel of the same queue. */
const CHANNEL_SWITCH_SHARE = 0.3;

/** Interval indexes hit by the line's incident: one weekday of the month, from 10:00 local for `surge.hours`. */
export function surgeIntervals(line: DemoLine, intervals: readonly Interval[], random: Random): Set<number> {
  const hit = new Set<number>();
  if (line.surge === undefined) return hit;
  const weekdays = [
    ...new Set(intervals.filter((i) => i.inMonth && i.weekday >= 1 && i.weekday <= 5).map((i) => i.date)),
  ];
  const date = random.pick(weekdays);
  const [from, to] = [10 * 60, 10 * 60 + line.surge.hours * 60];
  intervals.forEach((interval, index) => {
    if (interval.date === date && interval.minuteOfDay >= from && interval.minuteOfDay < to) hit.add(index);
  });
  return hit;
}

/** First contacts of a desk over the month. */
export function firstContacts(
  desk: Desk,
  intervals: readonly Interval[],
  surge: ReadonlySet<number>,
  customers: number,
  random: Random,
  nextSeq: () => number,
): Arrival[] {
  const arrivals: Arrival[] = [];
  const multiplier = desk.line.surge?.multiplier ?? 1;
  intervals.forEach((interval, index) => {
    const expected = (desk.forecast[index] ?? 0) * (surge.has(index) ? multiplier : 1);
    const count = random.poisson(expected);
    for (let n = 0; n < count; n += 1) {
      arrivals.push({
        desk,
        queuedAt: interval.start + Math.floor(random.next() * (INTERVAL_MS / 1000)) * 1000,
        customer: random.int(0, customers - 1),
        reason: random.pick(desk.line.reasons, (r) => r.weight).reason,
        unresolved: random.chance(desk.line.unresolvedShare ?? 0.2),
        depth: 0,
        seq: nextSeq(),
      });
    }
  });
  return arrivals;
}

/**
 * Adds the repeat contacts: a customer whose need was not met comes back with the same reason between an hour and
 * five days later, at a time customers usually call (drawn from the demand shape), within the month.
 */
export function withRepeats(
  arrivals: readonly Arrival[],
  desks: readonly Desk[],
  intervals: readonly Interval[],
  random: Random,
  nextSeq: () => number,
): Arrival[] {
  const all = [...arrivals];
  for (let i = 0; i < all.length; i += 1) {
    const first = all[i]!;
    if (!first.unresolved || first.depth >= MAX_REPEAT_DEPTH || !random.chance(REPEAT_SHARE_OF_UNRESOLVED)) continue;
    const desk = repeatDesk(first.desk, desks, random);
    const queuedAt = repeatTime(desk, intervals, first.queuedAt, random);
    if (queuedAt === undefined) continue;
    all.push({
      desk,
      queuedAt,
      customer: first.customer,
      reason: first.reason,
      unresolved: random.chance(desk.line.unresolvedShare ?? 0.2),
      depth: first.depth + 1,
      seq: nextSeq(),
    });
  }
  return all;
}

function repeatDesk(desk: Desk, desks: readonly Desk[], random: Random): Desk {
  if (!random.chance(CHANNEL_SWITCH_SHARE)) return desk;
  const sameQueue = desks.filter((d) => d.line.queue === desk.line.queue && d.line.channel !== desk.line.channel);
  return sameQueue.length === 0 ? desk : random.pick(sameQueue, (d) => d.line.monthlyVolume);
}

function repeatTime(desk: Desk, intervals: readonly Interval[], after: number, random: Random): number | undefined {
  const [minDelay, maxDelay] = REPEAT_WINDOW_MS;
  const candidates: number[] = [];
  intervals.forEach((interval, index) => {
    const inWindow = interval.start >= after + minDelay && interval.start <= after + maxDelay;
    if (inWindow && interval.inMonth && (desk.weights[index] ?? 0) > 0) candidates.push(index);
  });
  if (candidates.length === 0) return undefined;
  const index = random.pick(candidates, (c) => desk.weights[c] ?? 0);
  return (intervals[index]?.start ?? 0) + Math.floor(random.next() * (INTERVAL_MS / 1000)) * 1000;
}
