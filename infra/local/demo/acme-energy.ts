/**
 * Demo tenant: an energy supplier whose customers are served in French from Lyon and Casablanca. Figures are those
 * of a small outsourced centre (usual targets of the trade); nothing here is a requirement of ISO 18295.
 */
import { type DemoTenant, reasons, weeklyHours } from './tenant-model.js';

const ACME_FRONT = weeklyHours({ weekdays: ['08:00', '19:00'], saturday: ['09:00', '13:00'] });
const ACME_OUTAGES = weeklyHours({
  weekdays: ['07:00', '22:00'],
  saturday: ['07:00', '22:00'],
  sunday: ['09:00', '18:00'],
});
const ACME_BACK_OFFICE = weeklyHours({ weekdays: ['08:30', '18:00'], saturday: ['09:00', '12:00'] });
const BILLING = reasons(
  'invoice-question',
  'payment-plan',
  'direct-debit',
  'meter-reading',
  'refund-request',
  'complaint',
);
const MOVING = reasons('move-in', 'move-out', 'contract-transfer', 'meter-reading');

/** An energy supplier served from Lyon and Casablanca, in French. */
export const ACME_ENERGY: DemoTenant = {
  tenantId: 'acme-energy',
  timeZone: 'Europe/Paris',
  languages: [
    { tag: 'fr-FR', weight: 97 },
    { tag: 'en-GB', weight: 3 },
  ],
  contactIdPrefix: 'ae',
  firstAgentNumber: { 'lyon-1': 1, 'casablanca-1': 201 },
  lines: [
    {
      channel: 'voice',
      queue: 'billing',
      monthlyVolume: 1600,
      sites: [
        { centerId: 'lyon-1', share: 0.55, roster: 8 },
        { centerId: 'casablanca-1', share: 0.45, roster: 8 },
      ],
      reasons: BILLING,
      handle: {
        talkMedianSeconds: 270,
        holdShare: 0.35,
        holdMedianSeconds: 45,
        acwMedianSeconds: 40,
        transferShare: 0.06,
      },
      hours: ACME_FRONT,
      patienceMedianSeconds: 300,
      callbackOfferAfterSeconds: 120,
    },
    {
      channel: 'voice',
      queue: 'outages',
      monthlyVolume: 750,
      sites: [{ centerId: 'lyon-1', share: 1, roster: 7 }],
      reasons: reasons('power-outage', 'outage-update', 'safety-concern'),
      handle: {
        talkMedianSeconds: 160,
        holdShare: 0.2,
        holdMedianSeconds: 30,
        acwMedianSeconds: 30,
        transferShare: 0.04,
      },
      hours: ACME_OUTAGES,
      patienceMedianSeconds: 240,
      surge: { multiplier: 8, hours: 4 },
      unresolvedShare: 0.3,
    },
    {
      channel: 'voice',
      queue: 'moving',
      monthlyVolume: 600,
      sites: [{ centerId: 'casablanca-1', share: 1, roster: 6 }],
      reasons: MOVING,
      handle: {
        talkMedianSeconds: 420,
        holdShare: 0.4,
        holdMedianSeconds: 60,
        acwMedianSeconds: 60,
        transferShare: 0.08,
      },
      hours: ACME_FRONT,
      patienceMedianSeconds: 330,
    },
    {
      channel: 'email',
      queue: 'billing',
      monthlyVolume: 600,
      sites: [{ centerId: 'casablanca-1', share: 1, roster: 3 }],
      reasons: BILLING,
      handle: { talkMedianSeconds: 300, holdShare: 0, holdMedianSeconds: 0, acwMedianSeconds: 45, transferShare: 0.03 },
      hours: ACME_BACK_OFFICE,
    },
    {
      channel: 'email',
      queue: 'moving',
      monthlyVolume: 280,
      sites: [{ centerId: 'casablanca-1', share: 1, roster: 2 }],
      reasons: MOVING,
      handle: { talkMedianSeconds: 360, holdShare: 0, holdMedianSeconds: 0, acwMedianSeconds: 60, transferShare: 0.03 },
      hours: ACME_BACK_OFFICE,
    },
    {
      channel: 'chat',
      queue: 'billing',
      monthlyVolume: 420,
      sites: [{ centerId: 'lyon-1', share: 1, roster: 3 }],
      reasons: BILLING,
      handle: { talkMedianSeconds: 540, holdShare: 0, holdMedianSeconds: 0, acwMedianSeconds: 30, transferShare: 0.04 },
      hours: ACME_FRONT,
      concurrency: 2,
      patienceMedianSeconds: 240,
    },
    {
      channel: 'chat',
      queue: 'moving',
      monthlyVolume: 200,
      sites: [{ centerId: 'lyon-1', share: 1, roster: 2 }],
      reasons: MOVING,
      handle: { talkMedianSeconds: 600, holdShare: 0, holdMedianSeconds: 0, acwMedianSeconds: 30, transferShare: 0.04 },
      hours: ACME_FRONT,
      concurrency: 2,
      patienceMedianSeconds: 240,
    },
  ],
};
