/**
 * The evaluators of the people controls (ISO18295.md §2.3, issue 10 item 4), pure functions of the facts: as of an
 * instant, P1-HR-COMPETENCE-CURRENCY (mandatory courses expired, missing or expiring within the agreement's warning
 * window), P1-HR-SKILLS-DEV (QA evaluations per agent and tenant-local month) and P1-HR-INDUCTION (from the open
 * violations, which shared/app/agent-competence.ts maintains in real time). The catalogue's controls
 * (shared/app/controls/catalogue/) call them; the controls engine (shared/app/evaluate-controls.ts) runs them daily.
 */
import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import { versionInForceAt, versionInForceOn } from '../domain/agreement/agreement-versions.js';
import { addDays, lastDayOfMonth, monthOf } from '../domain/calendar/calendar-date.js';
import { localDate, startOfLocalDay } from '../domain/calendar/zoned-time.js';
import { type AgentProfile, isActiveAt } from '../domain/competence/agent-profile.js';
import { competenceMatrix } from '../domain/competence/assess-competence.js';
import { type CompetenceViolation, requirementsAt } from './agent-competence.js';
import type { ConditionalWriter, Evaluation } from './control-keeper.js';
import type { ControlState } from './control-state.js';

export type { ConditionalWriter, Evaluation };

/** Entries a list of the detail holds at most; its `…Count` says how many there are. */
export const DETAIL_LIST_CAP = 50;

/** What the three controls are computed from. */
export interface TenantFacts {
  tenantId: string;
  profiles: AgentProfile[];
  versions: AgreementVersion[];
  openViolations: CompetenceViolation[];
}

function capped<T>(name: string, list: T[]): Record<string, unknown> {
  return { [name]: list.slice(0, DETAIL_LIST_CAP), [`${name}Count`]: list.length };
}

/**
 * P1-HR-COMPETENCE-CURRENCY over the agents active at `now`, with the requirements in force then: `breached` when an
 * agent's mandatory course is expired or missing, `at-risk` when one lapses within the warning window, else
 * `compliant`.
 */
export function currencyEvaluation({ tenantId, profiles, versions }: TenantFacts, now: Date): Evaluation {
  const requirements = requirementsAt(tenantId, versions, now.toISOString());
  const month = monthOf(localDate(now, versionInForceAt(tenantId, versions, now).timeZone.value));
  const active = profiles
    .filter((p) => isActiveAt(p, now.getTime()))
    .sort((a, b) => a.agentId.localeCompare(b.agentId));
  const expired: Array<{ agentId: string; requirementId: string; validUntil?: string }> = [];
  const missing: Array<{ agentId: string; requirementId: string }> = [];
  const expiring: Array<{ agentId: string; requirementId: string; validUntil?: string }> = [];
  let compliantAgents = 0;
  for (const profile of active) {
    const { agentId } = profile;
    const mandatory = competenceMatrix(profile, requirements, now, month).requirements.filter(
      (r) => r.kind === 'mandatory',
    );
    let lacking = false;
    for (const { requirementId, status, validUntil } of mandatory) {
      const until = validUntil === undefined ? {} : { validUntil };
      if (status === 'expired') expired.push({ agentId, requirementId, ...until });
      if (status === 'missing') missing.push({ agentId, requirementId });
      if (status === 'expiring') expiring.push({ agentId, requirementId, ...until });
      lacking ||= status === 'expired' || status === 'missing';
    }
    if (!lacking) compliantAgents++;
  }
  const soonest = (a: { validUntil?: string }, b: { validUntil?: string }) =>
    (a.validUntil ?? '').localeCompare(b.validUntil ?? '');
  expired.sort(soonest);
  expiring.sort(soonest);
  const status = expired.length + missing.length > 0 ? 'breached' : expiring.length > 0 ? 'at-risk' : 'compliant';
  return {
    status,
    detail: {
      activeAgents: active.length,
      compliantAgents,
      // No active agent: no share to speak of.
      compliantShare: active.length === 0 ? null : Math.round((compliantAgents / active.length) * 10_000) / 10_000,
      ...capped('expired', expired),
      ...capped('missing', missing),
      ...capped('expiring', expiring),
      warningDays: requirements.expiryWarningDays,
    },
  };
}

/** Whether the agent worked for the tenant over the whole span `[from, to)` (epoch ms). */
function activeThroughout(profile: AgentProfile, from: number, to: number): boolean {
  if (profile.startedAt === undefined || Date.parse(profile.startedAt) > from) return false;
  return profile.leftAt === undefined || Date.parse(profile.leftAt) >= to;
}

/**
 * P1-HR-SKILLS-DEV, QA coverage: `breached` when an agent who worked the whole previous tenant-local month had fewer
 * evaluations in it than the agreement then required; else `at-risk` while an active agent is short of this month's
 * minimum (there is still time); else `compliant`. Each month is judged by the agreement in force in it.
 */
export function skillsEvaluation({ tenantId, profiles, versions }: TenantFacts, now: Date): Evaluation {
  const current = versionInForceAt(tenantId, versions, now);
  const month = monthOf(localDate(now, current.timeZone.value));
  const previousMonth = monthOf(addDays(`${month}-01`, -1));
  const previous = versionInForceOn(tenantId, versions, lastDayOfMonth(previousMonth));
  const zone = previous.timeZone.value;
  const from = startOfLocalDay(`${previousMonth}-01`, zone);
  const to = startOfLocalDay(`${month}-01`, zone);
  const required = current.training.minQaEvaluationsPerMonth.value;
  const requiredPreviousMonth = previous.training.minQaEvaluationsPerMonth.value;
  const byAgent = [...profiles].sort((a, b) => a.agentId.localeCompare(b.agentId));
  const countIn = (profile: AgentProfile, m: string) => ({
    agentId: profile.agentId,
    count: profile.qa[m]?.count ?? 0,
  });
  const belowPreviousMonth = byAgent
    .filter((p) => activeThroughout(p, from, to))
    .map((p) => countIn(p, previousMonth))
    .filter((c) => c.count < requiredPreviousMonth);
  const below = byAgent
    .filter((p) => isActiveAt(p, now.getTime()))
    .map((p) => countIn(p, month))
    .filter((c) => c.count < required);
  const status = belowPreviousMonth.length > 0 ? 'breached' : below.length > 0 ? 'at-risk' : 'compliant';
  return {
    status,
    detail: {
      month,
      previousMonth,
      required,
      requiredPreviousMonth,
      ...capped('below', below),
      ...capped('belowPreviousMonth', belowPreviousMonth),
    },
  };
}

/**
 * P1-HR-INDUCTION from the open violations, in the shape the real-time path keeps (shared/app/agent-competence.ts,
 * `inductionControl`): the count, and the latest violation recorded; with none open, the last one stays as it was.
 */
export function inductionEvaluation(open: CompetenceViolation[], stored: ControlState | undefined): Evaluation {
  const latest = [...open].sort((a, b) => b.recordedAt.localeCompare(a.recordedAt))[0];
  const previous = stored?.detail.lastViolation;
  return {
    status: open.length > 0 ? 'breached' : 'compliant',
    detail: {
      openViolations: open.length,
      ...(latest !== undefined
        ? { lastViolation: { agentId: latest.agentId, contactId: latest.contactId, answeredAt: latest.answeredAt } }
        : previous === undefined
          ? {}
          : { lastViolation: previous }),
    },
  };
}
