/**
 * The shape of a demo client organisation: sites, opening hours, channels and queues with their volumes, handle
 * times, customer patience and rosters.
 */
import type { Channel } from '../../../events/telephony.js';

/** Opening hours per day of the week (index 0 = Sunday): `[opensAtMinute, closesAtMinute)` or closed. */
export type WeeklyHours = readonly (readonly [number, number] | undefined)[];

/** Handle time of one contact, drawn log-normally around these medians (seconds). */
export interface HandleProfile {
  talkMedianSeconds: number;
  /** Share of contacts put on hold at least once. */
  holdShare: number;
  holdMedianSeconds: number;
  acwMedianSeconds: number;
  transferShare: number;
}

/** One queue on one channel, and how its work is spread over the tenant's sites. */
export interface DemoLine {
  channel: Channel;
  queue: string;
  /** First contacts a month at scale 1; repeat contacts come on top. */
  monthlyVolume: number;
  /** Sites that take this work, the share routed to each, and the agents rostered for it there. */
  sites: readonly { centerId: string; share: number; roster: number }[];
  reasons: readonly { reason: string; weight: number }[];
  handle: HandleProfile;
  /** When agents work this queue. Calls and chats arrive only then; e-mail, social and messaging round the clock. */
  hours: WeeklyHours;
  /** Sessions one agent carries at once (chat). */
  concurrency?: number;
  /** Median time a caller or chatter waits before giving up (voice, chat). */
  patienceMedianSeconds?: number;
  /** Callers still waiting after this long are offered a callback (voice). */
  callbackOfferAfterSeconds?: number;
  /** An incident the forecast did not see: on one weekday, arrivals multiply for a few hours from 10:00. */
  surge?: { multiplier: number; hours: number };
  /** Share of first contacts the customer has to make again about the same thing. */
  unresolvedShare?: number;
}

/** A client organisation of the demo. */
export interface DemoTenant {
  tenantId: string;
  timeZone: string;
  /** BCP 47 tags; each customer keeps one. */
  languages: readonly { tag: string; weight: number }[];
  /** Start of every contactId of this tenant. */
  contactIdPrefix: string;
  /** First agent number per site; each line's agents follow in order (`agent-042`). */
  firstAgentNumber: Readonly<Record<string, number>>;
  lines: readonly DemoLine[];
}

/** Builds {@link WeeklyHours} from `HH:MM` pairs. */
export function weeklyHours(spec: {
  weekdays?: readonly [string, string];
  saturday?: readonly [string, string];
  sunday?: readonly [string, string];
}): WeeklyHours {
  const minutes = (pair: readonly [string, string] | undefined) =>
    pair && ([toMinutes(pair[0]), toMinutes(pair[1])] as const);
  const weekday = minutes(spec.weekdays);
  return [minutes(spec.sunday), weekday, weekday, weekday, weekday, weekday, minutes(spec.saturday)];
}

function toMinutes(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** Reasons with decreasing weights: the first is the most frequent. */
export const reasons = (...names: string[]) => names.map((reason, i) => ({ reason, weight: names.length - i }));
