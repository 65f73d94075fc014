/**
 * A first-in-first-out queue served by a number of seats that changes every interval. Waits come out of the queue
 * itself: a contact is answered when a seat is free and everyone before it has been answered or has left; a caller
 * whose patience runs out first abandons, so abandonment rises as waits grow. The longest-idle seat takes the call.
 */
import { INTERVAL_MS } from './calendar.js';

/** What the queue needs to know about one contact, in queue order. */
export interface QueueEntry {
  queuedAt: number;
  /** How long the customer will wait (Infinity for e-mail and other back-office work). */
  patienceMs: number;
  /** Ringing (voice) or accepting (chat) between a seat being assigned and the customer being connected. */
  answerDelayMs: number;
  /** How long a seat is busy once the contact is answered. */
  serviceMs: number;
  /** Whether this caller accepts a callback if offered one. */
  acceptsCallback: boolean;
  /** Time taken to accept the callback offer and leave a number. */
  callbackDecisionMs: number;
}

export type QueueResult =
  | { kind: 'answered'; answeredAt: number; seat: number }
  | { kind: 'abandoned'; endedAt: number }
  | { kind: 'callback-requested'; endedAt: number }
  /** Still waiting when the simulated period ends: no completed contact to report. */
  | { kind: 'unfinished' };

export interface QueueOptions {
  /** Start of interval 0 of `seats`. */
  gridStart: number;
  /** Seats available per 15-minute interval. */
  seats: readonly number[];
  /** Callers still waiting this long are offered a callback. */
  callbackOfferAfterMs?: number;
}

/** Serves `entries` (sorted by `queuedAt`) and returns one result per entry, in the same order. */
export function runQueue(entries: readonly QueueEntry[], options: QueueOptions): QueueResult[] {
  const { gridStart, seats, callbackOfferAfterMs } = options;
  const freeAt = new Array<number>(Math.max(0, ...seats)).fill(Number.NEGATIVE_INFINITY);
  let lastAnswered = Number.NEGATIVE_INFINITY;

  const firstFreeSeat = (from: number, until: number): { at: number; seat: number } | undefined => {
    let at = from;
    while (at <= until) {
      const interval = Math.floor((at - gridStart) / INTERVAL_MS);
      if (interval >= seats.length) return undefined;
      const open = seats[interval] ?? 0;
      let seat = -1;
      for (let s = 0; s < open; s += 1) if (seat < 0 || freeAt[s]! < freeAt[seat]!) seat = s;
      if (seat >= 0 && freeAt[seat]! <= at) return { at, seat };
      const nextInterval = gridStart + (interval + 1) * INTERVAL_MS;
      at = seat >= 0 ? Math.min(freeAt[seat]!, nextInterval) : nextInterval;
    }
    return undefined;
  };

  return entries.map((entry) => {
    // First in, first out: nobody is answered before a contact that queued earlier and is still waiting.
    const from = Math.max(entry.queuedAt, lastAnswered);
    const giveUpAt = entry.queuedAt + entry.patienceMs;
    const offerAt = callbackOfferAfterMs === undefined ? undefined : entry.queuedAt + callbackOfferAfterMs;
    // A customer who hangs up while the agent's phone is still ringing is an abandon too (often a short one).
    const lastSeatTime = (until: number) => until - entry.answerDelayMs;
    let found: { at: number; seat: number } | undefined;
    if (offerAt !== undefined && entry.acceptsCallback && offerAt < giveUpAt) {
      found = firstFreeSeat(from, lastSeatTime(offerAt));
      if (found === undefined) return { kind: 'callback-requested', endedAt: offerAt + entry.callbackDecisionMs };
    } else {
      found = firstFreeSeat(from, lastSeatTime(giveUpAt));
    }
    if (found === undefined) {
      return Number.isFinite(giveUpAt) ? { kind: 'abandoned', endedAt: giveUpAt } : { kind: 'unfinished' };
    }
    const answeredAt = found.at + entry.answerDelayMs;
    freeAt[found.seat] = answeredAt + entry.serviceMs;
    lastAnswered = found.at;
    return { kind: 'answered', answeredAt, seat: found.seat };
  });
}
