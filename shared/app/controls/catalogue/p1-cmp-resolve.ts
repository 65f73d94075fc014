/**
 * P1-CMP-RESOLVE (ISO18295.md §2.1): every complaint gets its resolution within the agreement's deadline, counted in
 * business time. Evaluated hourly, because a deadline can pass within any hour (shared/app/evaluate-complaints.ts
 * gives the rule).
 * @see ISO 18295-1 4.4
 */
import { deadlineEvaluation } from '../../evaluate-complaints.js';
import { defineControl } from '../control-definition.js';

export const P1_CMP_RESOLVE = defineControl({
  controlId: 'P1-CMP-RESOLVE',
  clause: '4.4',
  source: 'ISO 18295-1',
  requirement: "Every complaint is resolved within the agreement's deadline, in business time",
  cadence: 'hourly',
  severity: 'major',
  switchable: false,
  facts: ['complaints'],
  evaluate: ({ complaints }) => deadlineEvaluation('resolve', complaints.open, complaints.received),
});
