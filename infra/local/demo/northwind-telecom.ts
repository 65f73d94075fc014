/**
 * Demo tenant: a telecoms operator served in English from Leeds on five channels, with a back office that does not
 * work weekends (so some e-mails wait more than 24 hours).
 */
import type { Channel } from '../../../events/telephony.js';
import {
  type DemoLine,
  type DemoTenant,
  type HandleProfile,
  reasons,
  type WeeklyHours,
  weeklyHours,
} from './tenant-model.js';

const NW_FRONT = weeklyHours({ weekdays: ['08:00', '20:00'], saturday: ['09:00', '17:00'] });
const NW_SOCIAL = weeklyHours({
  weekdays: ['08:00', '22:00'],
  saturday: ['08:00', '22:00'],
  sunday: ['08:00', '22:00'],
});
const NW_BACK_OFFICE = weeklyHours({ weekdays: ['09:00', '17:30'] });
const SALES = reasons('new-subscription', 'upgrade', 'device-order', 'price-enquiry', 'contract-end');
const SUPPORT = reasons('no-signal', 'broadband-fault', 'billing-dispute', 'sim-activation', 'roaming', 'complaint');
const talk = (talkMedianSeconds: number, acwMedianSeconds: number): HandleProfile => ({
  talkMedianSeconds,
  holdShare: 0,
  holdMedianSeconds: 0,
  acwMedianSeconds,
  transferShare: 0.03,
});

/** A telecoms operator served from Leeds, in English, on five channels. */
export const NORTHWIND_TELECOM: DemoTenant = {
  tenantId: 'northwind-telecom',
  timeZone: 'Europe/London',
  languages: [
    { tag: 'en-GB', weight: 95 },
    { tag: 'pl-PL', weight: 3 },
    { tag: 'cy-GB', weight: 2 },
  ],
  contactIdPrefix: 'nw',
  firstAgentNumber: { 'leeds-1': 401 },
  lines: [
    {
      channel: 'voice',
      queue: 'sales',
      monthlyVolume: 620,
      sites: [{ centerId: 'leeds-1', share: 1, roster: 6 }],
      reasons: SALES,
      handle: {
        talkMedianSeconds: 380,
        holdShare: 0.3,
        holdMedianSeconds: 40,
        acwMedianSeconds: 50,
        transferShare: 0.05,
      },
      hours: NW_FRONT,
      patienceMedianSeconds: 270,
    },
    {
      channel: 'voice',
      queue: 'support',
      monthlyVolume: 950,
      sites: [{ centerId: 'leeds-1', share: 1, roster: 9 }],
      reasons: SUPPORT,
      handle: {
        talkMedianSeconds: 480,
        holdShare: 0.45,
        holdMedianSeconds: 60,
        acwMedianSeconds: 60,
        transferShare: 0.12,
      },
      hours: NW_FRONT,
      patienceMedianSeconds: 360,
      callbackOfferAfterSeconds: 150,
      unresolvedShare: 0.28,
    },
    chatLine('sales', 280, 2, SALES, 420),
    chatLine('support', 380, 3, SUPPORT, 600),
    asyncLine('social', 'support', 160, 2, SUPPORT, talk(240, 30), NW_SOCIAL),
    asyncLine('messaging', 'support', 250, 2, SUPPORT, talk(300, 30), NW_SOCIAL),
    asyncLine('email', 'support', 240, 2, SUPPORT, talk(330, 45), NW_BACK_OFFICE),
    asyncLine('email', 'sales', 100, 1, SALES, talk(240, 45), NW_BACK_OFFICE),
  ],
};

function chatLine(
  queue: string,
  monthlyVolume: number,
  roster: number,
  why: DemoLine['reasons'],
  talkMedian: number,
): DemoLine {
  return {
    channel: 'chat',
    queue,
    monthlyVolume,
    sites: [{ centerId: 'leeds-1', share: 1, roster }],
    reasons: why,
    handle: talk(talkMedian, 30),
    hours: NW_FRONT,
    concurrency: 2,
    patienceMedianSeconds: 240,
  };
}

function asyncLine(
  channel: Channel,
  queue: string,
  monthlyVolume: number,
  roster: number,
  why: DemoLine['reasons'],
  handle: HandleProfile,
  hours: WeeklyHours,
): DemoLine {
  return {
    channel,
    queue,
    monthlyVolume,
    sites: [{ centerId: 'leeds-1', share: 1, roster }],
    reasons: why,
    handle,
    hours,
  };
}
