/**
 * P1-OPS-SL (ISO18295.md §2.4): contacts on the live channels are answered within the agreed time. Judged on the
 * month to date, per channel, against the service-level target of the agreement.
 * @see ISO 18295-1 7 / Annex A
 */
import { kpiControl } from './kpi-control.js';

export const P1_OPS_SL = kpiControl({
  controlId: 'P1-OPS-SL',
  clause: '7 / Annex A',
  requirement:
    "Contacts on the live channels (voice, chat) are answered within the agreed time: this month's service level " +
    'meets the target on every live channel the agreement sets one for',
  severity: 'major',
  kpi: 'serviceLevel',
  channels: ['voice', 'chat'],
});
