/**
 * P1-HR-COMPETENCE-CURRENCY (ISO18295.md §2.3): the mandatory courses of the agreement are held and current by every
 * active agent; one lapsing within the agreement's warning window puts the control at risk.
 * @see ISO 18295-1 6
 */
import { currencyEvaluation } from '../../evaluate-competence.js';
import { defineControl } from '../control-definition.js';
import { competenceEvaluation } from './competence-control.js';

export const P1_HR_COMPETENCE_CURRENCY = defineControl({
  controlId: 'P1-HR-COMPETENCE-CURRENCY',
  clause: '6',
  source: 'ISO 18295-1',
  requirement: 'Every active agent holds the mandatory courses of the agreement, current',
  cadence: 'daily',
  severity: 'minor',
  switchable: true,
  facts: ['competence'],
  evaluate: ({ competence }, context) =>
    competenceEvaluation(competence, context, (facts) => currencyEvaluation(facts, context.now)),
});
