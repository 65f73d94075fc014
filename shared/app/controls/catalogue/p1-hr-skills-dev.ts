/**
 * P1-HR-SKILLS-DEV (ISO18295.md §2.3): competence is assessed and developed, measured as the agreement's minimum of
 * QA evaluations per agent and tenant-local month (breached for a past month, at risk while this one is short).
 * @see ISO 18295-1 6
 */
import { skillsEvaluation } from '../../evaluate-competence.js';
import { defineControl } from '../control-definition.js';
import { competenceEvaluation } from './competence-control.js';

export const P1_HR_SKILLS_DEV = defineControl({
  controlId: 'P1-HR-SKILLS-DEV',
  clause: '6',
  source: 'ISO 18295-1',
  requirement: "Each agent gets the agreement's minimum quality evaluations every month",
  cadence: 'daily',
  severity: 'minor',
  switchable: true,
  facts: ['competence'],
  evaluate: ({ competence }, context) =>
    competenceEvaluation(competence, context, (facts) => skillsEvaluation(facts, context.now)),
});
