/**
 * The daily evaluation of the people controls (ISO18295.md §2.3, issue 10 item 4): as of the run's instant, for every
 * tenant with agents, P1-HR-COMPETENCE-CURRENCY (mandatory courses expired, missing or expiring within the
 * agreement's warning window), P1-HR-SKILLS-DEV (QA evaluations per agent and tenant-local month) and
 * P1-HR-INDUCTION (recomputed from the open violations, which shared/app/agent-competence.ts maintains in real time).
 * Scheduled daily (functions/schedules.ts, `EvaluateCompetence`).
 *
 * A control is written only when its status or detail changed. A status change and its `control.*` ledger entry are
 * one transaction; a detail-only change is a write of its own. Both are conditioned on the revision read, so a run
 * that races the real-time path (or another run) loses safely and tries once more from fresh reads; a rerun finds
 * nothing changed and writes nothing. A tenant without agent profiles has no workforce data: its people controls
 * stay `no-data` and nothing is written.
 */
import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import { versionInForceAt, versionInForceOn } from '../domain/agreement/agreement-versions.js';
import { addDays, lastDayOfMonth, monthOf } from '../domain/calendar/calendar-date.js';
import { localDate, startOfLocalDay } from '../domain/calendar/zoned-time.js';
import { type AgentProfile, isActiveAt } from '../domain/competence/agent-profile.js';
import { competenceMatrix } from '../domain/competence/assess-competence.js';
import {
  type AgreementVersions,
  type CompetenceViolation,
  CURRENCY_CONTROL,
  INDUCTION_CONTROL,
  requirementsAt,
  SKILLS_CONTROL,
  type StoredControl,
} from './agent-competence.js';
import {
  type ConditionalWriter,
  ControlKeeper,
  type ControlTransition,
  type Evaluation,
  forEachTenant,
  type LedgerTenants,
} from './control-keeper.js';
import type { ControlState } from './control-state.js';
import type { EvidenceLedger, StoreWrite } from './evidence-ledger.js';

export type { ConditionalWriter, ControlTransition, Evaluation, LedgerTenants };

/** Entries a list of the detail holds at most; its `…Count` says how many there are. */
export const DETAIL_LIST_CAP = 50;

export const EVALUATION_ACTOR = { actor: 'system:evaluate-competence', actorRole: 'system' } as const;

/** Port: what the evaluation reads and writes of the competence store (shared/store/agent-repository.ts). */
export interface CompetenceEvaluationStore {
  allProfiles(tenantId: string): Promise<AgentProfile[]>;
  tenantViolations(tenantId: string, status: 'open'): Promise<CompetenceViolation[]>;
  controlState(tenantId: string, controlId: string): Promise<StoredControl | undefined>;
  controlWrite(state: ControlState, previousRevision: number | undefined): StoreWrite;
}

/** What a run did. */
export interface CompetenceReport {
  /** Tenants with a ledger. */
  tenants: number;
  /** Of them, those with agent profiles (the others have no workforce data). */
  evaluated: number;
  /** Left for the next run after an error (reported through `onFailure`). */
  failed: number;
  /** False when the run stopped for lack of time. */
  complete: boolean;
  transitions: ControlTransition[];
}

export interface EvaluationOptions {
  onFailure?: (tenantId: string, error: unknown) => void;
}

/** What the three controls are computed from. */
export interface TenantFacts {
  tenantId: string;
  profiles: AgentProfile[];
  versions: AgreementVersion[];
  openViolations: CompetenceViolation[];
}

type Control = { controlId: string; clause: string };

const CONTROLS: ReadonlyArray<{
  control: Control;
  evaluate: (facts: TenantFacts, now: Date, stored: ControlState | undefined) => Evaluation;
}> = [
  { control: CURRENCY_CONTROL, evaluate: (facts, now) => currencyEvaluation(facts, now) },
  { control: SKILLS_CONTROL, evaluate: (facts, now) => skillsEvaluation(facts, now) },
  { control: INDUCTION_CONTROL, evaluate: (facts, _now, stored) => inductionEvaluation(facts.openViolations, stored) },
];

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

export class EvaluateCompetence {
  private readonly keeper: ControlKeeper;

  constructor(
    private readonly store: CompetenceEvaluationStore,
    private readonly agreements: AgreementVersions,
    ledger: EvidenceLedger,
    private readonly tenants: LedgerTenants,
    writer: ConditionalWriter,
    private readonly options: EvaluationOptions = {},
  ) {
    this.keeper = new ControlKeeper(store, ledger, writer, EVALUATION_ACTOR);
  }

  /** One run as of `now`, tenant after tenant while `hasTime` says so. */
  async run(now: Date, hasTime: () => boolean = () => true): Promise<CompetenceReport> {
    const report: Pick<CompetenceReport, 'evaluated' | 'transitions'> = { evaluated: 0, transitions: [] };
    const run = await forEachTenant(
      this.tenants,
      hasTime,
      async (tenantId) => {
        const transitions = await this.evaluateTenant(tenantId, now);
        if (transitions === undefined) return;
        report.evaluated++;
        report.transitions.push(...transitions);
      },
      this.options.onFailure,
    );
    return { ...report, ...run };
  }

  /** The tenant's three controls; `undefined` when it has no agent profiles. */
  async evaluateTenant(tenantId: string, now: Date): Promise<ControlTransition[] | undefined> {
    // The states first, then what they are computed from: a real-time write in between moves a revision, so the
    // write below loses and is prepared again, rather than overwriting it from facts read before it.
    const stored = await Promise.all(
      CONTROLS.map(({ control }) => this.store.controlState(tenantId, control.controlId)),
    );
    const facts = await this.facts(tenantId);
    if (facts.profiles.length === 0) return undefined;
    const transitions: ControlTransition[] = [];
    for (const [i, entry] of CONTROLS.entries()) {
      // After a lost race the keeper evaluates again from fresh reads.
      const evaluate = async (previous: ControlState | undefined, fresh: boolean) =>
        entry.evaluate(fresh ? await this.facts(tenantId) : facts, now, previous);
      const transition = await this.keeper.settle(tenantId, entry.control, stored[i], evaluate, now);
      if (transition !== undefined) transitions.push(transition);
    }
    return transitions;
  }

  private async facts(tenantId: string): Promise<TenantFacts> {
    const [profiles, versions, openViolations] = await Promise.all([
      this.store.allProfiles(tenantId),
      this.agreements.versions(tenantId),
      this.store.tenantViolations(tenantId, 'open'),
    ]);
    return { tenantId, profiles, versions, openViolations };
  }
}
