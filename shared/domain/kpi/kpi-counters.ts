/**
 * What a KPI aggregate counts, and what one contact adds to it. Nothing here depends on an agreement's
 * thresholds (waits are kept as histograms), so a day's counters stay valid whatever its agreement says later.
 */
import type { ContactCompletedDetail } from '../../../events/telephony.js';
import { abandonedBucket, handledBucket, mergeHistogram, type WaitHistogram } from './wait-histogram.js';

/** Counters of one aggregate (a day or a quarter hour of one channel, centre and queue), or of a sum of them. */
export interface KpiCounters {
  /** Inbound contacts initiated. Outbound contacts count only in {@link KpiCounters.outbound}. */
  offered: number;
  handled: number;
  abandoned: number;
  callbackRequested: number;
  /** Outbound contacts: the centre called; they have no queue, so no accessibility KPI counts them. */
  outbound: number;
  /** Sum of handled waits, in milliseconds (integers add up exactly). */
  handledWaitMs: number;
  /** Sum of talk + hold + after-contact work of handled contacts that report any of them. */
  handleSeconds: number;
  handleCount: number;
  /** Contacts whose `resolvedOnFirstContact` is known, and those where it is true. */
  fcrKnown: number;
  fcrTrue: number;
  transferred: number;
  /** Handled contacts with a `customerRef` and a `reason`: those the repeat-contact method can judge. */
  repeatEligible: number;
  /** Of those, the ones the same customer came back about within the repeat window. */
  repeated: number;
  handledWaits: WaitHistogram;
  abandonedWaits: WaitHistogram;
}

/** The counter fields (everything but the histograms), in a fixed order. */
export const COUNTER_FIELDS = [
  'offered',
  'handled',
  'abandoned',
  'callbackRequested',
  'outbound',
  'handledWaitMs',
  'handleSeconds',
  'handleCount',
  'fcrKnown',
  'fcrTrue',
  'transferred',
  'repeatEligible',
  'repeated',
] as const satisfies readonly (keyof KpiCounters)[];

export type CounterField = (typeof COUNTER_FIELDS)[number];

export function emptyCounters(): KpiCounters {
  const counters = Object.fromEntries(COUNTER_FIELDS.map((f) => [f, 0])) as Record<CounterField, number>;
  return { ...counters, handledWaits: new Map(), abandonedWaits: new Map() };
}

/** Adds `b` into `a` and returns `a`. */
export function addCounters(a: KpiCounters, b: KpiCounters): KpiCounters {
  for (const field of COUNTER_FIELDS) a[field] += b[field];
  mergeHistogram(a.handledWaits, b.handledWaits);
  mergeHistogram(a.abandonedWaits, b.abandonedWaits);
  return a;
}

const seconds = (from: string, to: string) => Math.max(0, Date.parse(to) - Date.parse(from)) / 1000;

/** The wait of a contact as docs/kpis.md defines it, or undefined for outcomes that have none. */
export function waitSeconds(contact: ContactCompletedDetail): number | undefined {
  const queuedAt = contact.queuedAt ?? contact.initiatedAt;
  if (contact.outcome === 'handled' && contact.answeredAt !== undefined) return seconds(queuedAt, contact.answeredAt);
  if (contact.outcome === 'abandoned') return seconds(queuedAt, contact.endedAt);
  return undefined;
}

/** True when the repeat-contact method can judge this contact (see {@link KpiCounters.repeatEligible}). */
export function isRepeatEligible(contact: ContactCompletedDetail): boolean {
  return (
    contact.direction === 'inbound' &&
    contact.outcome === 'handled' &&
    contact.customerRef !== undefined &&
    contact.reason !== undefined
  );
}

/** What one contact adds to the aggregates of its day and quarter hour. */
export function contactCounters(contact: ContactCompletedDetail): KpiCounters {
  const c = emptyCounters();
  if (contact.direction === 'outbound') {
    c.outbound = 1;
    return c;
  }
  c.offered = 1;
  const wait = waitSeconds(contact);
  if (contact.outcome === 'handled') {
    c.handled = 1;
    if (wait !== undefined) {
      c.handledWaitMs = Math.round(wait * 1000);
      c.handledWaits.set(handledBucket(wait), 1);
    }
    const parts = [contact.talkSeconds, contact.holdSeconds, contact.afterContactWorkSeconds];
    if (parts.some((p) => p !== undefined)) {
      c.handleSeconds = parts.reduce<number>((sum, p) => sum + (p ?? 0), 0);
      c.handleCount = 1;
    }
  } else if (contact.outcome === 'abandoned') {
    c.abandoned = 1;
    c.abandonedWaits.set(abandonedBucket(wait ?? 0), 1);
  } else {
    c.callbackRequested = 1;
  }
  if (contact.resolvedOnFirstContact !== undefined) {
    c.fcrKnown = 1;
    c.fcrTrue = contact.resolvedOnFirstContact ? 1 : 0;
  }
  c.transferred = contact.transferred ? 1 : 0;
  c.repeatEligible = isRepeatEligible(contact) ? 1 : 0;
  return c;
}
