/**
 * What the people controls (P1-HR-*) share: the facts the competence evaluators of shared/app/evaluate-competence.ts
 * take, built from the catalogue's facts and context, and the rule that a tenant without any agent profile has no
 * workforce data to judge (`no-data`, rather than a vacuous `compliant`).
 */
import type { TenantFacts } from '../../evaluate-competence.js';
import type { ControlContext, ControlFacts, Evaluation } from '../control-definition.js';

/** `evaluate` over the tenant's competence facts; `no-data` while no agent profile exists. */
export function competenceEvaluation(
  competence: ControlFacts['competence'],
  context: ControlContext,
  evaluate: (facts: TenantFacts) => Evaluation,
): Evaluation {
  if (competence.profiles.length === 0) return { status: 'no-data', detail: { agentProfiles: 0 } };
  return evaluate({
    tenantId: context.tenantId,
    profiles: competence.profiles,
    versions: [...context.versions],
    openViolations: competence.openViolations,
  });
}
