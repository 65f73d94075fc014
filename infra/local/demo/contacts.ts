/**
 * What happens to one contact besides its wait (IVR time, patience, handle time, transfer, whether the platform
 * knows who called and whether the need was met) and the canonical `contact.completed` detail that results.
 */
import type { ContactCompletedDetail } from '../../../events/telephony.js';
import { offsetMinutesAt, toOffsetIso } from '../../../shared/domain/calendar/wall-clock.js';
import type { Arrival } from './arrivals.js';
import { INTERVAL_MS, isSynchronous } from './calendar.js';
import type { QueueEntry, QueueResult } from './queue.js';
import type { Random } from './random.js';

/** Everything drawn for a contact before it meets the queue. */
export interface ContactTraits extends QueueEntry {
  ivrSeconds: number;
  talkSeconds: number;
  holdSeconds: number;
  acwSeconds: number;
  transferred: boolean;
  /** The platform matched the customer (caller id, login, e-mail address) to a pseudonymous reference. */
  identified: boolean;
  /** A survey or the platform recorded whether the contact resolved the need. */
  resolutionKnown: boolean;
}

/** Callers who hang up within seconds (misdial, changed their mind): the "short abandons" of the KPIs. */
const SHORT_ABANDON_SHARE = { voice: 0.025, chat: 0.015 } as const;
const CALLBACK_ACCEPT_SHARE = 0.3;
const RESOLUTION_KNOWN_SHARE = 0.6;

export function drawTraits(arrival: Arrival, random: Random): ContactTraits {
  const { line } = arrival.desk;
  const { handle } = line;
  const live = isSynchronous(line.channel);
  const transferred = random.chance(handle.transferShare);
  const talkSeconds = clamp(random.logNormal(handle.talkMedianSeconds, 0.55) * (transferred ? 1.5 : 1), 20, 5400);
  const holdSeconds = random.chance(handle.holdShare)
    ? clamp(random.logNormal(handle.holdMedianSeconds, 0.7), 5, 900)
    : 0;
  const acwSeconds = clamp(random.logNormal(handle.acwMedianSeconds, 0.5), 5, 900);
  const shortShare = line.channel === 'voice' || line.channel === 'chat' ? SHORT_ABANDON_SHARE[line.channel] : 0;
  const patienceSeconds = !live
    ? Number.POSITIVE_INFINITY
    : random.chance(shortShare)
      ? random.int(1, 4)
      : clamp(random.logNormal(line.patienceMedianSeconds ?? 180, 0.7), 6, 1800);
  return {
    queuedAt: arrival.queuedAt,
    patienceMs: patienceSeconds * 1000,
    serviceMs: (talkSeconds + holdSeconds + acwSeconds) * 1000,
    answerDelayMs:
      (line.channel === 'voice' ? random.int(3, 8) : line.channel === 'chat' ? random.int(1, 4) : 0) * 1000,
    acceptsCallback: random.chance(CALLBACK_ACCEPT_SHARE),
    callbackDecisionMs: random.int(8, 25) * 1000,
    ivrSeconds: line.channel === 'voice' ? random.int(8, 40) : line.channel === 'chat' ? random.int(3, 15) : 0,
    talkSeconds,
    holdSeconds,
    acwSeconds,
    transferred,
    identified: random.chance(line.channel === 'voice' ? 0.9 : 0.98),
    resolutionKnown: random.chance(RESOLUTION_KNOWN_SHARE),
  };
}

/** Formats instants in a tenant's zone; the offset is looked up once per interval, as zones change on the hour. */
export function zonedFormatter(timeZone: string): (instantMs: number) => string {
  const offsets = new Map<number, number>();
  return (instantMs) => {
    const bucket = Math.floor(instantMs / INTERVAL_MS);
    let offset = offsets.get(bucket);
    if (offset === undefined) {
      offset = offsetMinutesAt(instantMs, timeZone);
      offsets.set(bucket, offset);
    }
    return toOffsetIso(instantMs, timeZone, offset);
  };
}

export interface DetailContext {
  tenantId: string;
  customerRef: (customer: number) => string;
  language: (customer: number) => string;
  agentFor: (arrival: Arrival, seat: number, answeredAt: number) => string;
  format: (instantMs: number) => string;
}

/** A contact's detail without its `contactId`, or undefined when it had not finished by the end of the simulation. */
export function toDetail(
  arrival: Arrival,
  traits: ContactTraits,
  result: QueueResult,
  context: DetailContext,
): Omit<ContactCompletedDetail, 'contactId'> | undefined {
  if (result.kind === 'unfinished') return undefined;
  const { line, centerId } = arrival.desk;
  const live = isSynchronous(line.channel);
  const answered = result.kind === 'answered';
  const initiatedAt = arrival.queuedAt - traits.ivrSeconds * 1000;
  // Live channels: answered when an agent connects. Back office: "answered" is the first response being sent.
  const answeredAt = answered ? result.answeredAt + (live ? 0 : traits.talkSeconds * 1000) : undefined;
  const endedAt = answered
    ? (answeredAt ?? 0) + (live ? (traits.talkSeconds + traits.holdSeconds) * 1000 : 0)
    : result.endedAt;
  const ended = context.format(endedAt);
  return {
    schemaVersion: 1,
    tenantId: context.tenantId,
    centerId,
    occurredAt: ended,
    channel: line.channel,
    direction: 'inbound',
    queue: line.queue,
    ...(answered ? { agentId: context.agentFor(arrival, result.seat, result.answeredAt) } : {}),
    ...(traits.identified ? { customerRef: context.customerRef(arrival.customer) } : {}),
    reason: arrival.reason,
    language: context.language(arrival.customer),
    initiatedAt: context.format(initiatedAt),
    ...(live ? { queuedAt: context.format(arrival.queuedAt) } : {}),
    ...(answeredAt !== undefined ? { answeredAt: context.format(answeredAt) } : {}),
    endedAt: ended,
    ...(answered
      ? {
          talkSeconds: traits.talkSeconds,
          holdSeconds: traits.holdSeconds,
          afterContactWorkSeconds: traits.acwSeconds,
        }
      : {}),
    outcome: answered ? 'handled' : result.kind,
    ...(answered ? { transferred: traits.transferred } : {}),
    ...(answered && traits.resolutionKnown ? { resolvedOnFirstContact: !arrival.unresolved } : {}),
    ...(line.channel === 'voice' ? { recorded: answered } : {}),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.round(Math.min(max, Math.max(min, value)));
}
