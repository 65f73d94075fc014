/**
 * P1-CX-FCR (ISO18295.md §2.1): first-contact resolution is measured. The product measures it two ways
 * (docs/kpis.md): `firstContactResolutionRate` (the contact's own resolution flag, the survey method) and
 * `repeatContactResolutionRate` (no same-customer, same-reason contact within the window, the repeat method). Where
 * the agreement sets a target for either, the month to date is judged against it like the other KPI controls;
 * where it sets none, the requirement is the measurement itself: compliant once either rate is measured on a channel.
 * @see ISO 18295-1 4.3 / Annex A
 */
import { CHANNELS } from '../../../../events/telephony.js';
import type { KpiName } from '../../../domain/kpi/kpi-names.js';
import { defineControl } from '../control-definition.js';
import { graver, judgeRows, kpiRows } from './kpi-control.js';

const FCR_KPIS: readonly KpiName[] = ['firstContactResolutionRate', 'repeatContactResolutionRate'];

export const P1_CX_FCR = defineControl({
  controlId: 'P1-CX-FCR',
  clause: '4.3 / Annex A',
  source: 'ISO 18295-1',
  requirement: 'First-contact resolution is measured, and meets the target on every channel the agreement sets one for',
  cadence: 'daily',
  severity: 'minor',
  switchable: true,
  facts: ['kpis'],
  evaluate: ({ kpis }) => {
    const rows = FCR_KPIS.flatMap((kpi) => kpiRows(kpis, kpi, CHANNELS));
    const previous = FCR_KPIS.flatMap((kpi) => kpiRows(kpis, kpi, CHANNELS, 'previous'));
    const judged = graver(judgeRows(rows), judgeRows(previous));
    const months = { month: kpis.month, previousMonth: kpis.previousMonth };
    if (judged !== 'no-data') return { status: judged, detail: { ...months, channels: rows, previous } };
    const measured = [...kpis.monthToDate, ...kpis.previous].flatMap((entry) =>
      FCR_KPIS.flatMap((kpi) => {
        const value = entry[kpi];
        return value === null
          ? []
          : [{ period: entry.period, channel: entry.channel, kpi, value, offered: entry.offered }];
      }),
    );
    return {
      status: measured.length > 0 ? 'compliant' : 'no-data',
      detail: { ...months, ...(rows.length === 0 ? { target: null } : { channels: rows }), measured },
    };
  },
});
