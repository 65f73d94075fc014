/**
 * P1-OPS-ABANDON (ISO18295.md §2.4): abandonment is monitored and limited. Judged on the month to date, per channel,
 * against the abandonment-rate target of the agreement (short abandons left out, as the KPI counts them).
 * @see ISO 18295-1 7 / Annex A
 */
import { CHANNELS } from '../../../../events/telephony.js';
import { kpiControl } from './kpi-control.js';

export const P1_OPS_ABANDON = kpiControl({
  controlId: 'P1-OPS-ABANDON',
  clause: '7 / Annex A',
  requirement:
    "Abandonment is monitored and kept within the agreed limit: this month's abandonment rate meets the target on " +
    'every channel the agreement sets one for',
  severity: 'major',
  kpi: 'abandonmentRate',
  channels: CHANNELS,
});
