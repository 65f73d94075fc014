/**
 * DP-REC-RETENTION (ISO18295.md §2.8): recordings are deleted when their purpose-based retention ends. A recording
 * past its `deleteAfter` plus the grace, neither deleted nor under a legal hold, breaches it.
 * @see GDPR Art. 5(1)(e)
 */
import { defineControl } from '../control-definition.js';
import { capped } from './detail.js';

export const DP_REC_RETENTION = defineControl({
  controlId: 'DP-REC-RETENTION',
  clause: '4.5 / GDPR Art. 5(1)(e)',
  source: 'GDPR',
  requirement:
    'Recordings are deleted when their retention ends: none is kept past its delete-after date and the grace, ' +
    'unless a legal hold applies',
  cadence: 'daily',
  severity: 'major',
  switchable: false,
  facts: ['recordings'],
  evaluate: ({ recordings }) => {
    const { stored, overdue, overdueCount } = recordings;
    const status = overdueCount > 0 ? 'breached' : stored === 0 ? 'no-data' : 'compliant';
    // The facts list at most 100 overdue recordings; the detail shows fewer, with the true count.
    return { status, detail: { stored, ...capped('overdue', overdue), overdueCount } };
  },
});
