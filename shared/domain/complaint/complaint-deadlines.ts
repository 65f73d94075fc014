/**
 * A complaint's deadlines at an instant (ISO18295.md §2.1, P1-CMP-ACK, P1-CMP-RESOLVE): when its acknowledgement and
 * its resolution are due in the agreement's business time, whether they were done in time, and whether a pending step
 * is at risk or missed. Pure: "now" is passed in, so the daily surveillance pass and an arriving event assess alike.
 */
import type { ComplaintTerms } from '../agreement/agreement-schema.js';
import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { atRiskAt, deadlineAt } from '../calendar/business-time.js';
import type {
  AssessedComplaint,
  ComplaintFacts,
  DeadlineClock,
  DeadlineName,
  DeadlineState,
} from './complaint-state.js';

/** The agreement's complaint deadlines as a clock: a deadline that starts at `from` falls due, and turns at risk, when. */
export function deadlineClockOf(terms: ComplaintTerms, calendar: BusinessCalendar, timeZone: string): DeadlineClock {
  return (name, from) => {
    const deadline = terms[name].value;
    const startMs = Date.parse(from);
    const dueMs = deadlineAt(startMs, deadline, calendar, timeZone);
    const riskMs = atRiskAt(startMs, dueMs, terms.atRiskShare.value, deadline.unit, calendar, timeZone);
    return { dueAt: new Date(dueMs).toISOString(), atRiskAt: new Date(riskMs).toISOString() };
  };
}

function earliest(...instants: (string | undefined)[]): string | undefined {
  const known = instants.filter((at): at is string => at !== undefined);
  return known.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}

/** A deadline that started at `from`, done at `metAt` if it was, as it stands at `nowMs`. */
function deadlineState(
  clock: DeadlineClock,
  name: DeadlineName,
  from: string,
  metAt: string | undefined,
  nowMs: number,
): DeadlineState {
  const { dueAt, atRiskAt } = clock(name, from);
  const dueMs = Date.parse(dueAt);
  if (metAt !== undefined) return { dueAt, atRiskAt, metAt, state: Date.parse(metAt) <= dueMs ? 'met' : 'late' };
  const state = nowMs >= dueMs ? 'missed' : nowMs >= Date.parse(atRiskAt) ? 'at-risk' : 'pending';
  return { dueAt, atRiskAt, state };
}

/**
 * When the resolution was done, for the current resolution clock: the first resolution when the complaint was never
 * reopened (an amended outcome later does not make it late), else the latest, which followed the latest reopening.
 */
function resolutionMetAt(facts: ComplaintFacts): string | undefined {
  if (facts.lifecycle !== 'closed') return undefined;
  return facts.reopenings === 0 ? (facts.firstResolvedAt ?? facts.resolvedAt) : facts.resolvedAt;
}

/** The earliest future instant at which a step not yet done turns at risk or falls due. */
function nextChangeOf(deadlines: DeadlineState[], nowMs: number): string | undefined {
  const upcoming = deadlines.flatMap((d) =>
    d.state === 'pending' || d.state === 'at-risk' ? [d.atRiskAt, d.dueAt].filter((at) => Date.parse(at) > nowMs) : [],
  );
  return earliest(...upcoming);
}

/**
 * A complaint at `now`. The acknowledgement clock runs from the receipt and stops at the first acknowledgement or
 * resolution (a resolution acknowledges); the resolution clock runs from the receipt, or from the latest reopening,
 * and stops at the resolution. A complaint not yet received has no deadlines.
 */
export function assessComplaint(facts: ComplaintFacts, clock: DeadlineClock, now: Date): AssessedComplaint {
  if (facts.receivedAt === undefined || facts.lifecycle === 'pending-receipt') {
    return { ...facts, status: 'pending-receipt', deadlines: {} };
  }
  const nowMs = now.getTime();
  const acknowledge = deadlineState(
    clock,
    'acknowledge',
    facts.receivedAt,
    earliest(facts.acknowledgedAt, facts.firstResolvedAt),
    nowMs,
  );
  const resolve = deadlineState(
    clock,
    'resolve',
    facts.resolveClockFrom ?? facts.receivedAt,
    resolutionMetAt(facts),
    nowMs,
  );
  const missed = acknowledge.state === 'missed' || resolve.state === 'missed';
  const status = facts.lifecycle === 'closed' ? 'closed' : missed ? 'overdue' : 'open';
  const nextChangeAt = nextChangeOf([acknowledge, resolve], nowMs);
  return {
    ...facts,
    status,
    deadlines: { acknowledge, resolve },
    ...(nextChangeAt === undefined ? {} : { nextChangeAt }),
  };
}
