/**
 * The use cases of agent competence (ISO18295.md §2.3): fold the workforce events into each agent's profile, and
 * check every handled contact against the agreement's requirements at the moment it was answered. A contact that
 * the agent was not competent for is a violation (P1-HR-INDUCTION breached), with the contact as evidence; a
 * training record or onboarding that arrives later but dates from before the contact clears it. Every change and
 * its evidence-ledger entry are one transaction (shared/store/agent-repository.ts implements the store port).
 *
 * A tenant that has never sent a workforce event has no competence data: its contacts are not checked and its
 * people controls read `no-data`, rather than every contact being a violation because the feed is not connected.
 */
import type { Clock } from '../../events/envelope.js';
import type { ContactCompletedDetail } from '../../events/telephony.js';
import type {
  AgentLeftDetail,
  AgentOnboardedDetail,
  QaEvaluationCompletedDetail,
  TrainingCompletedDetail,
} from '../../events/workforce.js';
import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import { versionInForceAt } from '../domain/agreement/agreement-versions.js';
import { localDate } from '../domain/calendar/zoned-time.js';
import {
  type AgentProfile,
  emptyProfile,
  withDeparture,
  withOnboarding,
  withQaEvaluation,
  withTraining,
} from '../domain/competence/agent-profile.js';
import { type CompetenceGap, gapsAt } from '../domain/competence/assess-competence.js';
import { type CompetenceRequirements, competenceRequirements } from '../domain/competence/competence-requirements.js';
import type { OutgoingEvent } from './assemble-vendor-contact.js';
import type { ControlHistoryEntry, ControlState } from './control-state.js';
import { realTimeTransition } from './control-transitions.js';
import type { EvidenceLedger, PreparedChange, StoreWrite } from './evidence-ledger.js';
import type { ContactPolicy } from './record-contact.js';

export const INDUCTION_CONTROL = { controlId: 'P1-HR-INDUCTION', clause: '6' } as const;
/** The grade of P1-HR-INDUCTION's breach, as its catalogue entry has it (shared/app/controls/catalogue/p1-hr-induction.ts). */
const INDUCTION_SEVERITY = 'major';
export const CURRENCY_CONTROL = { controlId: 'P1-HR-COMPETENCE-CURRENCY', clause: '6' } as const;
export const SKILLS_CONTROL = { controlId: 'P1-HR-SKILLS-DEV', clause: '6' } as const;

/** A contact handled by an agent who lacked what the agreement requires. */
export interface CompetenceViolation {
  tenantId: string;
  agentId: string;
  contactId: string;
  channel: ContactCompletedDetail['channel'];
  queue: string;
  centerId: string;
  initiatedAt: string;
  answeredAt: string;
  gaps: CompetenceGap[];
  status: 'open' | 'cleared';
  recordedAt: string;
  clearedAt?: string;
  /** The workforce event (its idempotency key) that cleared it. */
  clearedBy?: string;
}

/** A profile as stored, with the revision its next write is conditioned on. */
export interface StoredProfile {
  profile: AgentProfile;
  revision: number;
}

/** A control state as stored, with its revision. */
export interface StoredControl {
  state: ControlState;
  revision: number;
}

/** Port: profiles, violations and the induction control, as the competence use cases read and write them. */
export interface AgentCompetenceStore {
  /** Strongly consistent. */
  profile(tenantId: string, agentId: string): Promise<StoredProfile | undefined>;
  /** Whether the workforce event with this idempotency key was already applied (strongly consistent). */
  applied(tenantId: string, agentId: string, eventKey: string): Promise<boolean>;
  /** The agent's open violations (strongly consistent). */
  openViolations(tenantId: string, agentId: string): Promise<CompetenceViolation[]>;
  /** One violation, whatever its status (strongly consistent). */
  violation(tenantId: string, agentId: string, contactId: string): Promise<CompetenceViolation | undefined>;
  controlState(tenantId: string, controlId: string): Promise<StoredControl | undefined>;
  /** Writes the profile (conditioned on `previousRevision`, none: new) and remembers the event as applied. */
  profileWrites(profile: AgentProfile, previousRevision: number | undefined, eventKey: string): StoreWrite[];
  /** Fails the transaction unless the profile is still at `revision` (none: still absent). */
  profileUnchanged(tenantId: string, agentId: string, revision: number | undefined): StoreWrite;
  /** Writes a violation: a new one conditioned on absence, an existing one (cleared, or changed gaps) in place. */
  violationWrite(violation: CompetenceViolation, isNew: boolean): StoreWrite;
  controlWrite(state: ControlState, previousRevision: number | undefined): StoreWrite;
  /** The history item of a status change of the control, with its event when it has one (left unpublished). */
  historyWrite(entry: ControlHistoryEntry, event?: OutgoingEvent): StoreWrite;
}

/** Port: the versions of the tenant's agreement. */
export interface AgreementVersions {
  versions(tenantId: string): Promise<AgreementVersion[]>;
}

type WorkforceEvent =
  | { type: 'agent.onboarded'; detail: AgentOnboardedDetail }
  | { type: 'agent.left'; detail: AgentLeftDetail }
  | { type: 'training.completed'; detail: TrainingCompletedDetail }
  | { type: 'qa.evaluation-completed'; detail: QaEvaluationCompletedDetail };

/** What applying a workforce event did. */
export interface WorkforceOutcome {
  outcome: 'applied' | 'duplicate';
  /** Contacts whose violation it cleared. */
  cleared: string[];
}

const SYSTEM_ACTOR = { actor: 'system', actorRole: 'system' } as const;

/** Violations settled per transaction: with the profile, its marker, the control and the ledger's two items, far
 * below DynamoDB's 100 items (and its 4 MB) per transaction. */
export const SETTLE_BATCH = 50;

/** JSON with keys sorted at every depth: the store may give back a map's keys in another order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** The agreement's requirements in force at an instant. */
export function requirementsAt(tenantId: string, versions: AgreementVersion[], at: string): CompetenceRequirements {
  return competenceRequirements(versionInForceAt(tenantId, versions, at).training);
}

/** P1-HR-INDUCTION after `delta` more open violations (negative: cleared), or `undefined` when unchanged. */
function inductionControl(
  tenantId: string,
  stored: StoredControl | undefined,
  delta: number,
  at: string,
  latest?: CompetenceViolation,
): ControlState | undefined {
  const before = Number(stored?.state.detail.openViolations ?? 0);
  const open = Math.max(0, before + delta);
  const status = open > 0 ? 'breached' : 'compliant';
  if (stored !== undefined && open === before && stored.state.status === status) return undefined;
  const since = stored !== undefined && stored.state.status === status ? stored.state.since : at;
  const previous = stored?.state.detail.lastViolation;
  return {
    tenantId,
    ...INDUCTION_CONTROL,
    status,
    since,
    detail: {
      openViolations: open,
      ...(latest !== undefined
        ? { lastViolation: { agentId: latest.agentId, contactId: latest.contactId, answeredAt: latest.answeredAt } }
        : previous === undefined
          ? {}
          : { lastViolation: previous }),
    },
  };
}

export class AgentCompetence {
  private readonly clock: Clock;

  constructor(
    private readonly store: AgentCompetenceStore,
    private readonly agreements: AgreementVersions,
    private readonly ledger: EvidenceLedger,
    clock?: Clock,
  ) {
    this.clock = clock ?? (() => new Date());
  }

  /**
   * Applies one workforce event to the agent's profile, once (its idempotency key). An onboarding or a training record
   * then settles the agent's open violations: those the profile now answers are cleared, the first
   * {@link SETTLE_BATCH} in the same transaction as the profile, the induction control and the ledger entry, any
   * more in further transactions of the same size, each with its own entry (a transaction takes at most 100 items).
   * A redelivery settles what a failed attempt left open, so nothing depends on the first attempt finishing.
   */
  async apply(event: WorkforceEvent, eventKey: string): Promise<WorkforceOutcome> {
    const { tenantId, agentId } = event.detail;
    const { store } = this;
    const settles = event.type === 'agent.onboarded' || event.type === 'training.completed';
    const { result } = await this.ledger.commit<WorkforceOutcome & { more: boolean }>(tenantId, async () => {
      const [stored, applied, open, control, versions] = await Promise.all([
        store.profile(tenantId, agentId),
        store.applied(tenantId, agentId, eventKey),
        settles ? store.openViolations(tenantId, agentId) : Promise.resolve([]),
        store.controlState(tenantId, INDUCTION_CONTROL.controlId),
        this.agreements.versions(tenantId),
      ]);
      if (applied) return { unchanged: true, result: { outcome: 'duplicate', cleared: [], more: settles } };
      const before = stored?.profile ?? emptyProfile(tenantId, agentId);
      const profile = fold(before, event, versions);
      const settled = this.settlement(profile, open, control, versions, eventKey);
      return {
        items: [...store.profileWrites(profile, stored?.revision, eventKey), ...settled.items],
        evidence: {
          tenantId,
          occurredAt: event.detail.occurredAt,
          ...SYSTEM_ACTOR,
          kind: event.type,
          resource: `agent/${agentId}`,
          payload: { eventKey, ...evidenceOf(event), ...settled.payload },
        },
        result: { outcome: 'applied', cleared: settled.cleared, more: settled.more },
      };
    });
    const cleared = [...result.cleared];
    // Settled again after the commit, always: a violation committed while this event was prepared (after its read of
    // the open violations, before its own commit) is seen now, strongly consistent; one committed later was
    // conditioned on the profile this event changed, so it looked again.
    if (settles) cleared.push(...(await this.settleRest(tenantId, agentId, eventKey)));
    return { outcome: result.outcome, cleared };
  }

  /** Further transactions clearing what the agent's profile answers, until no open violation is answered. */
  private async settleRest(tenantId: string, agentId: string, eventKey: string): Promise<string[]> {
    const { store } = this;
    const cleared: string[] = [];
    for (;;) {
      const { result } = await this.ledger.commit<{ cleared: string[]; more: boolean }>(tenantId, async () => {
        const [stored, open, control, versions] = await Promise.all([
          store.profile(tenantId, agentId),
          store.openViolations(tenantId, agentId),
          store.controlState(tenantId, INDUCTION_CONTROL.controlId),
          this.agreements.versions(tenantId),
        ]);
        if (stored === undefined) return { unchanged: true, result: { cleared: [], more: false } };
        const settled = this.settlement(stored.profile, open, control, versions, eventKey);
        if (settled.items.length === 0) return { unchanged: true, result: { cleared: [], more: false } };
        return {
          // Conditioned on the profile read: a record committed meanwhile makes this look again.
          items: [store.profileUnchanged(tenantId, agentId, stored.revision), ...settled.items],
          evidence: {
            tenantId,
            occurredAt: this.clock().toISOString(),
            ...SYSTEM_ACTOR,
            kind: 'competence.violations-settled',
            resource: `agent/${agentId}`,
            payload: { agentId, eventKey, ...settled.payload },
          },
          result: { cleared: settled.cleared, more: settled.more },
        };
      });
      cleared.push(...result.cleared);
      if (!result.more) return cleared;
    }
  }

  /** The induction control's write, and its history item (with its event) when its status changes. */
  private controlWrites(stored: StoredControl | undefined, after: ControlState): StoreWrite[] {
    const history = realTimeTransition(stored?.state, after, INDUCTION_SEVERITY);
    return [
      this.store.controlWrite(after, stored?.revision),
      ...(history === undefined ? [] : [this.store.historyWrite(history.entry, history.event)]),
    ];
  }

  /**
   * The writes that settle up to {@link SETTLE_BATCH} of `open` against `profile`: cleared when nothing is missing any
   * more, updated when what is missing changed; `more` when others are left for a further transaction.
   */
  private settlement(
    profile: AgentProfile,
    open: CompetenceViolation[],
    control: StoredControl | undefined,
    versions: AgreementVersion[],
    eventKey: string,
  ) {
    const { store } = this;
    const now = this.clock().toISOString();
    const items: StoreWrite[] = [];
    const cleared: string[] = [];
    let more = false;
    for (const violation of open) {
      const gaps = gapsAt(
        profile,
        requirementsAt(profile.tenantId, versions, violation.initiatedAt),
        violation.answeredAt,
        violation.channel,
      );
      const changed = gaps.length === 0 || canonicalJson(gaps) !== canonicalJson(violation.gaps);
      if (!changed) continue;
      if (items.length >= SETTLE_BATCH) {
        more = true;
        break;
      }
      if (gaps.length === 0) {
        cleared.push(violation.contactId);
        items.push(
          store.violationWrite({ ...violation, status: 'cleared', clearedAt: now, clearedBy: eventKey }, false),
        );
      } else {
        items.push(store.violationWrite({ ...violation, gaps }, false));
      }
    }
    const controlAfter =
      cleared.length === 0 ? undefined : inductionControl(profile.tenantId, control, -cleared.length, now);
    if (controlAfter !== undefined) items.push(...this.controlWrites(control, controlAfter));
    const payload = {
      ...(cleared.length === 0 ? {} : { violationsCleared: cleared }),
      ...(controlAfter === undefined ? {} : { control: { [controlAfter.controlId]: controlAfter.status } }),
    };
    return { items, cleared, more, payload };
  }

  /**
   * The real-time cross-check of a handled contact (P1-HR-INDUCTION). `profiles` is what the caller already holds
   * (a cached snapshot): a contact the snapshot shows competent costs nothing more. A suspected violation is read
   * again, strongly consistent, and recorded with its ledger entry only if it stands; the write is conditioned on
   * the profile read, so a training record committed meanwhile makes it look again.
   */
  async check(
    contact: ContactCompletedDetail,
    policy: Pick<ContactPolicy, 'competence'>,
    snapshot: CompetenceSnapshot,
  ): Promise<CompetenceViolation | undefined> {
    const { agentId, answeredAt } = contact;
    if (agentId === undefined || answeredAt === undefined || contact.outcome !== 'handled') return undefined;
    if (!snapshot.hasWorkforceData) return undefined;
    if (gapsAt(snapshot.profiles.get(agentId), policy.competence, answeredAt, contact.channel).length === 0)
      return undefined;
    const { tenantId } = contact;
    const { store } = this;
    const { result } = await this.ledger.commit<CompetenceViolation | undefined>(
      tenantId,
      async (): Promise<PreparedChange<CompetenceViolation | undefined>> => {
        const [stored, existing, control] = await Promise.all([
          store.profile(tenantId, agentId),
          store.violation(tenantId, agentId, contact.contactId),
          store.controlState(tenantId, INDUCTION_CONTROL.controlId),
        ]);
        if (existing !== undefined) return { unchanged: true, result: existing };
        const gaps = gapsAt(stored?.profile, policy.competence, answeredAt, contact.channel);
        if (gaps.length === 0) return { unchanged: true, result: undefined };
        const now = this.clock().toISOString();
        const violation: CompetenceViolation = {
          tenantId,
          agentId,
          contactId: contact.contactId,
          channel: contact.channel,
          queue: contact.queue,
          centerId: contact.centerId,
          initiatedAt: contact.initiatedAt,
          answeredAt,
          gaps,
          status: 'open',
          recordedAt: now,
        };
        const controlAfter = inductionControl(tenantId, control, 1, now, violation);
        return {
          items: [
            store.violationWrite(violation, true),
            store.profileUnchanged(tenantId, agentId, stored?.revision),
            ...(controlAfter === undefined ? [] : this.controlWrites(control, controlAfter)),
          ],
          evidence: {
            tenantId,
            occurredAt: answeredAt,
            ...SYSTEM_ACTOR,
            kind: 'competence.violation',
            resource: `contact/${contact.contactId}`,
            payload: {
              agentId,
              contactId: contact.contactId,
              channel: contact.channel,
              answeredAt,
              gaps,
              ...(controlAfter === undefined ? {} : { control: { [controlAfter.controlId]: controlAfter.status } }),
            },
          },
          result: violation,
        };
      },
    );
    return result;
  }
}

/** A tenant's profiles as the contact path holds them (cached; possibly a little old). */
export interface CompetenceSnapshot {
  /** Whether the tenant ever sent a workforce event (else nothing is checked). */
  hasWorkforceData: boolean;
  profiles: ReadonlyMap<string, AgentProfile>;
}

/** Port: the snapshot of a tenant's profiles (the store caches it for a short while). */
export interface CompetenceSnapshots {
  snapshot(tenantId: string): Promise<CompetenceSnapshot>;
}

function fold(profile: AgentProfile, event: WorkforceEvent, versions: AgreementVersion[]): AgentProfile {
  switch (event.type) {
    case 'agent.onboarded': {
      const { centerId, startedAt, languages, services } = event.detail;
      return withOnboarding(profile, {
        centerId,
        startedAt,
        languages,
        ...(services === undefined ? {} : { services }),
      });
    }
    case 'agent.left':
      return withDeparture(profile, event.detail.leftAt);
    case 'training.completed': {
      const d = event.detail;
      return withTraining(profile, {
        trainingRecordId: d.trainingRecordId,
        courseId: d.courseId,
        category: d.category,
        hours: d.hours,
        completedAt: d.completedAt,
        passed: d.passed,
        ...(d.validUntil === undefined ? {} : { validUntil: d.validUntil }),
        ...(d.score === undefined ? {} : { score: d.score }),
      });
    }
    case 'qa.evaluation-completed': {
      const d = event.detail;
      const zone = versionInForceAt(d.tenantId, versions, d.occurredAt).timeZone.value;
      return withQaEvaluation(profile, localDate(d.occurredAt, zone).slice(0, 7), d);
    }
  }
}

/** What the ledger entry says of the event (no personal data: agents and evaluators are pseudonymous). */
function evidenceOf(event: WorkforceEvent): Record<string, unknown> {
  const d = event.detail;
  switch (event.type) {
    case 'agent.onboarded':
      return { agentId: d.agentId, centerId: d.centerId, startedAt: event.detail.startedAt };
    case 'agent.left':
      return { agentId: d.agentId, leftAt: event.detail.leftAt };
    case 'training.completed': {
      const t = event.detail;
      return {
        agentId: t.agentId,
        trainingRecordId: t.trainingRecordId,
        courseId: t.courseId,
        category: t.category,
        completedAt: t.completedAt,
        passed: t.passed,
        ...(t.validUntil === undefined ? {} : { validUntil: t.validUntil }),
      };
    }
    case 'qa.evaluation-completed': {
      const q = event.detail;
      return { agentId: q.agentId, evaluationId: q.evaluationId, score: q.score, criticalFail: q.criticalFail };
    }
  }
}

/** The contact path's cross-check: the tenant's cached snapshot, then {@link AgentCompetence.check}. */
export class SnapshotCompetenceCheck {
  constructor(
    private readonly competence: Pick<AgentCompetence, 'check'>,
    private readonly snapshots: CompetenceSnapshots,
  ) {}

  async check(contact: ContactCompletedDetail, policy: Pick<ContactPolicy, 'competence'>) {
    if (contact.agentId === undefined || contact.answeredAt === undefined || contact.outcome !== 'handled') return;
    return this.competence.check(contact, policy, await this.snapshots.snapshot(contact.tenantId));
  }
}
