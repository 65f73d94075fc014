import type { ContactCompletedDetail } from '../../../../events/telephony.js';

/**
 * KPIs computed straight from raw contacts, the way docs/kpis.md reads, with none of the product's code: the
 * yardstick the aggregates are checked against.
 */
export interface ReferenceKpis {
  offered: number;
  handled: number;
  abandoned: number;
  shortAbandoned: number;
  callbackRequested: number;
  serviceLevel: number | null;
  abandonmentRate: number | null;
  averageSpeedOfAnswerSeconds: number | null;
  averageHandleSeconds: number | null;
  firstContactResolutionRate: number | null;
  waitP90Seconds: number | null;
}

const dayFormat = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of an instant in a zone (`en-CA` formats dates as YYYY-MM-DD). */
export function referenceDay(instant: string, timeZone: string): string {
  let f = dayFormat.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormat.set(timeZone, f);
  }
  return f.format(new Date(instant));
}

const div = (n: number, d: number) => (d === 0 ? null : n / d);

export function referenceKpis(
  contacts: readonly ContactCompletedDetail[],
  thresholds: { serviceLevelSeconds: number; shortAbandonSeconds: number },
): ReferenceKpis {
  const inbound = contacts.filter((c) => c.direction === 'inbound');
  const wait = (c: ContactCompletedDetail, end: string) =>
    Math.max(0, (Date.parse(end) - Date.parse(c.queuedAt ?? c.initiatedAt)) / 1000);
  const handled = inbound.filter((c) => c.outcome === 'handled');
  const abandoned = inbound.filter((c) => c.outcome === 'abandoned');
  const handledWaits = handled.map((c) => wait(c, c.answeredAt as string)).sort((a, b) => a - b);
  const shortAbandoned = abandoned.filter((c) => wait(c, c.endedAt) < thresholds.shortAbandonSeconds).length;
  const answeredWithin = handledWaits.filter((w) => w <= thresholds.serviceLevelSeconds).length;
  const timed = handled.filter(
    (c) => c.talkSeconds !== undefined || c.holdSeconds !== undefined || c.afterContactWorkSeconds !== undefined,
  );
  const known = inbound.filter((c) => c.resolvedOnFirstContact !== undefined);
  return {
    offered: inbound.length,
    handled: handled.length,
    abandoned: abandoned.length,
    shortAbandoned,
    callbackRequested: inbound.filter((c) => c.outcome === 'callback-requested').length,
    serviceLevel: div(answeredWithin, handled.length + abandoned.length - shortAbandoned),
    abandonmentRate: div(abandoned.length - shortAbandoned, inbound.length - shortAbandoned),
    averageSpeedOfAnswerSeconds: div(
      handledWaits.reduce((s, w) => s + w, 0),
      handled.length,
    ),
    averageHandleSeconds: div(
      timed.reduce((s, c) => s + (c.talkSeconds ?? 0) + (c.holdSeconds ?? 0) + (c.afterContactWorkSeconds ?? 0), 0),
      timed.length,
    ),
    firstContactResolutionRate: div(known.filter((c) => c.resolvedOnFirstContact).length, known.length),
    waitP90Seconds:
      handledWaits.length === 0 ? null : (handledWaits[Math.ceil(0.9 * handledWaits.length) - 1] as number),
  };
}
