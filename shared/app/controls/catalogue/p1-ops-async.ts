/**
 * P1-OPS-ASYNC (ISO18295.md §2.4): the deferred channels get their first response within the agreed time. The
 * service level of an e-mail, social or messaging channel is that first response within the channel's threshold
 * (docs/kpis.md), judged on the month to date against the agreement's target.
 * @see ISO 18295-1 7 / Annex A
 */
import { kpiControl } from './kpi-control.js';

export const P1_OPS_ASYNC = kpiControl({
  controlId: 'P1-OPS-ASYNC',
  clause: '7 / Annex A',
  requirement:
    'Deferred channels (e-mail, social, messaging) get their first response within the agreed time: this ' +
    "month's service level meets the target on every such channel the agreement sets one for",
  severity: 'minor',
  kpi: 'serviceLevel',
  channels: ['email', 'social', 'messaging'],
});
