/**
 * Complaint figures of a period (ISO18295.md §2.1, P1-CMP-ANALYSIS): how many complaints came in, the shares
 * acknowledged and resolved on time, how old the open ones are, complaints per 1,000 contacts and the categories
 * that come up most with their trend. Pure; the API route and the monthly report both call it.
 */
import { z } from 'zod';
import { addDays, daysBetween } from '../calendar/calendar-date.js';
import { localDate } from '../calendar/zoned-time.js';
import type { AssessedComplaint, DeadlineName } from './complaint-state.js';

/** Ageing buckets of open complaints, in calendar days since receipt (tenant-local dates). */
export const AGEING_BUCKETS = ['0-2', '3-5', '6-10', '11-20', '21+'] as const;
type AgeingBucket = (typeof AGEING_BUCKETS)[number];
/** The first age (in days) of each bucket but the first. */
const BUCKET_STARTS: readonly [number, AgeingBucket][] = [
  [21, '21+'],
  [11, '11-20'],
  [6, '6-10'],
  [3, '3-5'],
];

/** How many categories the figures name. */
export const TOP_CATEGORIES = 5;

const Count = z.number().int().nonnegative();

const OnTime = z
  .strictObject({
    onTime: Count.meta({ description: 'Done by the deadline' }),
    due: Count.meta({ description: 'Whose deadline has passed, or that were done before it' }),
    share: z.number().min(0).max(1).nullable().meta({ description: 'onTime / due; null when nothing was due' }),
  })
  .meta({ description: 'Over the complaints received in the period' });

export const ComplaintFiguresSchema = z
  .strictObject({
    received: Count.meta({ description: 'Complaints received in the period' }),
    open: Count.meta({ description: 'Of those, open now with no deadline missed' }),
    overdue: Count.meta({ description: 'Of those, open now with a deadline missed' }),
    closed: Count.meta({ description: 'Of those, closed now' }),
    escalatedExternal: Count.meta({ description: 'Of those, escalated to an external dispute body' }),
    acknowledgedOnTime: OnTime,
    resolvedOnTime: OnTime,
    ageing: z
      .strictObject(
        Object.fromEntries(AGEING_BUCKETS.map((bucket) => [bucket, Count])) as Record<AgeingBucket, typeof Count>,
      )
      .meta({ description: 'Every complaint open now (whenever received), by calendar days since its receipt' }),
    per1000Contacts: z
      .number()
      .nonnegative()
      .nullable()
      .meta({ description: 'Complaints received per 1,000 contacts offered; null without contacts' }),
    topCategories: z
      .array(
        z.strictObject({
          category: z.string(),
          count: Count,
          previous: Count.meta({ description: 'Received in the previous period of equal length' }),
        }),
      )
      .max(TOP_CATEGORIES)
      .meta({ description: `The ${TOP_CATEGORIES} most frequent categories of the period, most frequent first` }),
    previousPeriod: z
      .strictObject({ from: z.string(), to: z.string() })
      .meta({ description: 'The tenant-local days the trend compares with: as many days, just before `from`' }),
  })
  .meta({ id: 'ComplaintFigures' });
export type ComplaintFigures = z.output<typeof ComplaintFiguresSchema>;

export interface ComplaintFiguresInput {
  complaints: readonly AssessedComplaint[];
  /** First and last tenant-local day of the period, both included. */
  from: string;
  to: string;
  /** Contacts offered in the period; `null` when unknown. */
  contacts: number | null;
  now: Date;
  timeZone: string;
}

/** The complaints received on a tenant-local day within `from`…`to`. */
function receivedIn(complaints: readonly AssessedComplaint[], from: string, to: string, timeZone: string) {
  return complaints.filter((c) => {
    if (c.receivedAt === undefined) return false;
    const day = localDate(c.receivedAt, timeZone);
    return day >= from && day <= to;
  });
}

/** A deadline counts once it is settled: done (in time or late) or missed. Pending and at-risk ones are not due yet. */
function onTime(complaints: readonly AssessedComplaint[], name: DeadlineName) {
  let due = 0;
  let met = 0;
  for (const complaint of complaints) {
    const state = complaint.deadlines[name]?.state;
    if (state === 'met' || state === 'late' || state === 'missed') due++;
    if (state === 'met') met++;
  }
  return { onTime: met, due, share: due === 0 ? null : met / due };
}

function bucketOf(days: number): AgeingBucket {
  return BUCKET_STARTS.find(([start]) => days >= start)?.[1] ?? '0-2';
}

function ageing(complaints: readonly AssessedComplaint[], now: Date, timeZone: string) {
  const buckets = Object.fromEntries(AGEING_BUCKETS.map((bucket) => [bucket, 0])) as Record<AgeingBucket, number>;
  const today = localDate(now, timeZone);
  for (const complaint of complaints) {
    if (complaint.receivedAt === undefined || (complaint.status !== 'open' && complaint.status !== 'overdue')) continue;
    const days = Math.max(0, daysBetween(localDate(complaint.receivedAt, timeZone), today));
    buckets[bucketOf(days)]++;
  }
  return buckets;
}

function countByCategory(complaints: readonly AssessedComplaint[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { category } of complaints)
    if (category !== undefined) counts.set(category, (counts.get(category) ?? 0) + 1);
  return counts;
}

function topCategories(current: readonly AssessedComplaint[], previous: readonly AssessedComplaint[]) {
  const before = countByCategory(previous);
  return [...countByCategory(current)]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, TOP_CATEGORIES)
    .map(([category, count]) => ({ category, count, previous: before.get(category) ?? 0 }));
}

/**
 * The figures of the complaints received in `from`…`to` (tenant-local days in `timeZone`) as they stand at `now`,
 * with the ageing of every complaint open at `now`. `complaints` must hold every complaint received since the start
 * of the previous period (for the trend) and every complaint open now.
 */
export function complaintFigures(input: ComplaintFiguresInput): ComplaintFigures {
  const { complaints, from, to, contacts, now, timeZone } = input;
  const inPeriod = receivedIn(complaints, from, to, timeZone);
  const previousPeriod = { from: addDays(from, -(daysBetween(from, to) + 1)), to: addDays(from, -1) };
  const count = (keep: (c: AssessedComplaint) => boolean) => inPeriod.filter(keep).length;
  return {
    received: inPeriod.length,
    open: count((c) => c.status === 'open'),
    overdue: count((c) => c.status === 'overdue'),
    closed: count((c) => c.status === 'closed'),
    escalatedExternal: count((c) => c.escalations.some((e) => e.to === 'external')),
    acknowledgedOnTime: onTime(inPeriod, 'acknowledge'),
    resolvedOnTime: onTime(inPeriod, 'resolve'),
    ageing: ageing(complaints, now, timeZone),
    per1000Contacts: contacts === null || contacts === 0 ? null : (inPeriod.length / contacts) * 1000,
    topCategories: topCategories(inPeriod, receivedIn(complaints, previousPeriod.from, previousPeriod.to, timeZone)),
    previousPeriod,
  };
}
