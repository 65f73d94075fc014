/**
 * P1-HR-INDUCTION (ISO18295.md §2.3): no agent handles live contacts before completing the induction the agreement
 * requires. Kept in real time by shared/app/agent-competence.ts as contacts arrive; the daily evaluation recomputes it
 * from the open violations, keeping the last violation named when none is open.
 * @see ISO 18295-1 6
 */
import { inductionEvaluation } from '../../evaluate-competence.js';
import { defineControl } from '../control-definition.js';
import { competenceEvaluation } from './competence-control.js';

export const P1_HR_INDUCTION = defineControl({
  controlId: 'P1-HR-INDUCTION',
  clause: '6',
  source: 'ISO 18295-1',
  requirement: 'No agent handles live contacts before completing the induction the agreement requires',
  cadence: 'daily',
  severity: 'major',
  switchable: true,
  facts: ['competence'],
  evaluate: ({ competence }, context) =>
    competenceEvaluation(competence, context, (facts) => inductionEvaluation(facts.openViolations, context.previous)),
});
