/**
 * How many agent seats a desk (one line at one site) has in each interval. Live channels are planned from the
 * forecast with Erlang C, as a workforce tool would; the real day then falls short: absence, lunch breaks that the
 * plan did not cover, and the odd interval where someone is pulled away. Back-office channels get a flat team
 * sized on the month's workload.
 */
import { INTERVAL_MS, type Interval, isOpen, isSynchronous } from './calendar.js';
import type { Random } from './random.js';
import type { DemoLine } from './tenant-model.js';

/** Planned share of contacts answered within {@link PLANNED_THRESHOLD_SECONDS}. */
const PLANNED_SERVICE_LEVEL = 0.8;
const PLANNED_THRESHOLD_SECONDS = 20;
/** Back-office agents spend part of their time on other work. */
const BACK_OFFICE_UTILISATION = 0.55;

export interface StaffingInput {
  line: DemoLine;
  roster: number;
  intervals: readonly Interval[];
  /** Expected arrivals per interval (the forecast, which does not know about incidents). */
  forecast: readonly number[];
  meanServiceSeconds: number;
  random: Random;
}

/** Seats (agents × sessions each carries) per interval, aligned with `intervals`. */
export function planSeats(input: StaffingInput): number[] {
  const { line, roster, intervals, random } = input;
  const planned = isSynchronous(line.channel) ? planLive(input) : planBackOffice(input);
  const concurrency = line.concurrency ?? 1;
  const absenceByDate = new Map<string, number>();
  return intervals.map((interval, i) => {
    const agents = planned[i] ?? 0;
    if (agents === 0) return 0;
    let absence = absenceByDate.get(interval.date);
    if (absence === undefined) {
      // Most days lose a little to absence; a bad day (illness going round, training pulled forward) loses more.
      absence = random.chance(0.12) ? random.uniform(0.2, 0.35) : random.uniform(0, 0.12);
      absenceByDate.set(interval.date, absence);
    }
    const expected = agents * (1 - absence);
    let present = Math.floor(expected + random.next());
    const lunch = interval.minuteOfDay >= 12 * 60 && interval.minuteOfDay < 14 * 60;
    if (lunch && random.chance(0.4)) present -= 1;
    if (random.chance(0.05)) present -= 1;
    return Math.max(1, Math.min(present, roster)) * concurrency;
  });
}

function planLive({ line, roster, intervals, forecast, meanServiceSeconds }: StaffingInput): number[] {
  const concurrency = line.concurrency ?? 1;
  const planned = intervals.map((interval, i) => {
    if (!isOpen(line.hours, interval.weekday, interval.minuteOfDay)) return 0;
    const erlangs = ((forecast[i] ?? 0) / (INTERVAL_MS / 1000)) * meanServiceSeconds;
    const seats = seatsFor(erlangs, meanServiceSeconds);
    return Math.min(roster, Math.max(1, Math.ceil(seats / concurrency)));
  });
  // Agents stay on after closing time until the callers already queued have been answered.
  return planned.map((agents, i) => (agents === 0 && i > 0 ? (planned[i - 1] ?? 0) : agents));
}

function planBackOffice({ line, roster, intervals, forecast, meanServiceSeconds }: StaffingInput): number[] {
  const open = intervals.map((interval) => isOpen(line.hours, interval.weekday, interval.minuteOfDay));
  const openSeconds = open.filter((o, i) => o && intervals[i]?.inMonth).length * (INTERVAL_MS / 1000);
  const workload = forecast.reduce((sum, n) => sum + n, 0) * meanServiceSeconds;
  const team = Math.min(roster, Math.max(1, Math.ceil(workload / (openSeconds * BACK_OFFICE_UTILISATION))));
  return open.map((o) => (o ? team : 0));
}

/** Fewest servers for which Erlang C predicts the planned service level. */
export function seatsFor(erlangs: number, meanServiceSeconds: number): number {
  if (erlangs <= 0) return 1;
  for (let seats = Math.max(1, Math.ceil(erlangs)); ; seats += 1) {
    if (erlangCServiceLevel(seats, erlangs, meanServiceSeconds, PLANNED_THRESHOLD_SECONDS) >= PLANNED_SERVICE_LEVEL) {
      return seats;
    }
  }
}

/** Share answered within `thresholdSeconds` for `seats` servers and `erlangs` of traffic (Erlang C, no abandons). */
export function erlangCServiceLevel(
  seats: number,
  erlangs: number,
  meanServiceSeconds: number,
  thresholdSeconds: number,
): number {
  if (seats <= erlangs) return 0;
  let blocking = 1;
  for (let k = 1; k <= seats; k += 1) blocking = (erlangs * blocking) / (k + erlangs * blocking);
  const waitProbability = (seats * blocking) / (seats - erlangs * (1 - blocking));
  return 1 - waitProbability * Math.exp((-(seats - erlangs) * thresholdSeconds) / meanServiceSeconds);
}
