/**
 * The hourly surveillance of complaints (ISO18295.md §2.1, issue 11 item 3): for every tenant, each open complaint
 * is assessed as of the run, so one that nobody touches still turns at risk and overdue on time and raises its alert
 * (through the register, shared/app/complaint-register.ts, the same path as arriving events); then the complaint
 * controls are kept: P1-CMP-ACK and P1-CMP-RESOLVE from the complaints, P1-CMP-REGISTER from the register check
 * (shared/app/complaint-register-check.ts) and the complaints registered without an owner. Scheduled hourly (functions/schedules.ts, `EvaluateComplaints`).
 *
 * P1-CMP-ACK and P1-CMP-RESOLVE, each for its own step: `breached` while an open complaint's step is overdue, or when a
 * complaint received in the trailing {@link WINDOW_DAYS} days had it done late (the agreement states no on-time
 * target below 100 %); else `at-risk` while one is at risk; else `compliant`; `no-data` without any complaint
 * received in the window nor open. The states are kept as every scheduled evaluation keeps them
 * (shared/app/control-keeper.ts): a status change and its `control.*` ledger entry in one transaction.
 */
import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import type { AssessedComplaint, DeadlineName } from '../domain/complaint/complaint-state.js';
import type { AgreementVersions, StoredControl } from './agent-competence.js';
import {
  type ComplaintRecord,
  type ComplaintRegister,
  pendingAlerts,
  type StoredComplaint,
} from './complaint-register.js';
import { REGISTER_CONTROL } from './complaint-register-check.js';
import {
  type ConditionalWriter,
  ControlKeeper,
  type ControlStore,
  type ControlTransition,
  type Evaluation,
  forEachTenant,
  type LedgerTenants,
  type TenantsRun,
} from './control-keeper.js';
import type { EvidenceLedger } from './evidence-ledger.js';

export type { ControlStore };

export const ACK_CONTROL = { controlId: 'P1-CMP-ACK', clause: '4.4' } as const;
export const RESOLVE_CONTROL = { controlId: 'P1-CMP-RESOLVE', clause: '4.4' } as const;

/** The trailing window the on-time shares are measured over. */
export const WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;
/** Complaint ids a control's detail lists at most; its count says how many there are. */
const DETAIL_IDS = 20;

export const SWEEP_ACTOR = { actor: 'system:evaluate-complaints', actorRole: 'system' } as const;

/** Port: the complaints the sweep reads, by lifecycle (shared/store/complaint-repository.ts). */
export interface ComplaintSweepStore {
  /** Every complaint of the partition, from a `gsi1sk` on (closed ones: their resolution instant). */
  all(tenantId: string, lifecycle: 'open' | 'closed', from?: string): AsyncIterable<StoredComplaint>;
}

/** Port: P1-CMP-REGISTER as the register check evaluates it. */
export interface RegisterEvaluation {
  evaluate(tenantId: string, now: Date): Promise<Evaluation>;
}

/** What a run did. */
export interface ComplaintSweepReport {
  tenants: number;
  /** Open complaints assessed. */
  assessed: number;
  /** Alerts published (keys). */
  alerts: number;
  /** Complaints rewritten because their place in the open list moved. */
  moved: number;
  failed: number;
  complete: boolean;
  transitions: ControlTransition[];
}

/** What the tenants' sweeps add up to, besides the run over the tenants itself. */
type SweepCounts = Omit<ComplaintSweepReport, keyof TenantsRun>;

export interface SweepOptions {
  onFailure?: (tenantId: string, error: unknown) => void;
}

type Control = { controlId: string; clause: string };

/** P1-CMP-ACK or P1-CMP-RESOLVE, for `name`, from the open complaints and those received in the window. */
export function deadlineEvaluation(
  name: DeadlineName,
  open: readonly AssessedComplaint[],
  received: readonly AssessedComplaint[],
): Evaluation {
  const stateOf = (c: AssessedComplaint) => c.deadlines[name]?.state;
  const overdue = open.filter((c) => stateOf(c) === 'missed');
  const atRisk = open.filter((c) => stateOf(c) === 'at-risk');
  const due = received.filter((c) => ['met', 'late', 'missed'].includes(stateOf(c) ?? ''));
  const onTime = due.filter((c) => stateOf(c) === 'met').length;
  const late = due.filter((c) => stateOf(c) === 'late').length;
  const status =
    open.length === 0 && received.length === 0
      ? 'no-data'
      : overdue.length > 0 || onTime < due.length
        ? 'breached'
        : atRisk.length > 0
          ? 'at-risk'
          : 'compliant';
  const ids = (list: readonly AssessedComplaint[]) =>
    [...list]
      .sort((a, b) => (a.deadlines[name]?.dueAt ?? '').localeCompare(b.deadlines[name]?.dueAt ?? ''))
      .slice(0, DETAIL_IDS)
      .map((c) => c.complaintId);
  return {
    status,
    detail: {
      windowDays: WINDOW_DAYS,
      received: received.length,
      due: due.length,
      onTime,
      late,
      onTimeShare: due.length === 0 ? null : Math.round((onTime / due.length) * 10_000) / 10_000,
      open: open.length,
      overdueCount: overdue.length,
      overdue: ids(overdue),
      atRiskCount: atRisk.length,
      atRisk: ids(atRisk),
    },
  };
}

/**
 * P1-CMP-REGISTER: every complaint is in the register with an owner (ISO18295.md §2.1). `contacts` is the register
 * check of the contacts that should have one (shared/app/complaint-register-check.ts); a complaint received in the
 * window without an `ownerId` breaches it too.
 */
export function registerEvaluation(contacts: Evaluation, received: readonly AssessedComplaint[]): Evaluation {
  const withoutOwner = received
    .filter((c) => c.ownerId === undefined)
    .sort((a, b) => (a.receivedAt ?? '').localeCompare(b.receivedAt ?? ''));
  const status =
    contacts.status === 'breached' || withoutOwner.length > 0
      ? 'breached'
      : contacts.status === 'no-data' && received.length > 0
        ? 'compliant'
        : contacts.status;
  return {
    status,
    detail: {
      ...contacts.detail,
      complaintsReceived: received.length,
      withoutOwnerCount: withoutOwner.length,
      ...(withoutOwner.length === 0
        ? {}
        : { withoutOwner: withoutOwner.slice(0, DETAIL_IDS).map((c) => c.complaintId) }),
    },
  };
}

export class EvaluateComplaints {
  private readonly keeper: ControlKeeper;

  constructor(
    private readonly register: Pick<ComplaintRegister, 'raiseAlerts' | 'reassessed' | 'refresh'>,
    private readonly complaints: ComplaintSweepStore,
    private readonly controls: ControlStore,
    private readonly registerCheck: RegisterEvaluation,
    private readonly agreements: AgreementVersions,
    ledger: EvidenceLedger,
    private readonly tenants: LedgerTenants,
    writer: ConditionalWriter,
    private readonly options: SweepOptions = {},
  ) {
    this.keeper = new ControlKeeper(controls, ledger, writer, SWEEP_ACTOR);
  }

  /** One run as of `now`, tenant after tenant while `hasTime` says so. */
  async run(now: Date, hasTime: () => boolean = () => true): Promise<ComplaintSweepReport> {
    const report: SweepCounts = { assessed: 0, alerts: 0, moved: 0, transitions: [] };
    const run = await forEachTenant(
      this.tenants,
      hasTime,
      (tenantId) => this.sweepTenant(tenantId, now, report),
      this.options.onFailure,
    );
    return { ...report, ...run };
  }

  /** The tenant's open complaints assessed (alerts raised, listings moved), then its three controls. */
  async sweepTenant(tenantId: string, now: Date, report: SweepCounts): Promise<void> {
    const control = (c: Control) => this.controls.controlState(tenantId, c.controlId);
    // The states first, then what they are computed from (as evaluate-competence does): a write in between moves a
    // revision, so the write below loses and is prepared again rather than overwriting it.
    const stored = await Promise.all([control(ACK_CONTROL), control(RESOLVE_CONTROL), control(REGISTER_CONTROL)]);
    const versions = await this.agreements.versions(tenantId);
    const open: AssessedComplaint[] = [];
    for await (const complaint of this.complaints.all(tenantId, 'open')) {
      report.assessed++;
      open.push(await this.assessOpen(complaint, versions, now, report));
    }
    const since = new Date(now.getTime() - WINDOW_DAYS * DAY_MS).toISOString();
    const received = [...open];
    for await (const { record } of this.complaints.all(tenantId, 'closed', since)) {
      received.push(this.register.reassessed(record, versions, now).complaint);
    }
    const inWindow = received.filter((c) => c.receivedAt !== undefined && c.receivedAt >= since);
    const evaluations: Array<[Control, StoredControl | undefined, () => Promise<Evaluation>]> = [
      [ACK_CONTROL, stored[0], async () => deadlineEvaluation('acknowledge', open, inWindow)],
      [RESOLVE_CONTROL, stored[1], async () => deadlineEvaluation('resolve', open, inWindow)],
      [
        REGISTER_CONTROL,
        stored[2],
        async () => registerEvaluation(await this.registerCheck.evaluate(tenantId, now), inWindow),
      ],
    ];
    for (const [c, state, evaluate] of evaluations) {
      // A control never evaluated stays absent (read as no-data) until there is something to say.
      const evaluation = await evaluate();
      if (state === undefined && evaluation.status === 'no-data') continue;
      const transition = await this.keeper.settle(tenantId, c, state, async () => evaluation, now);
      if (transition !== undefined) report.transitions.push(transition);
    }
  }

  /** One open complaint as of `now`: its alerts raised, or its listing moved when the agreement's deadlines moved. */
  private async assessOpen(
    { record, revision }: StoredComplaint,
    versions: AgreementVersion[],
    now: Date,
    report: SweepCounts,
  ): Promise<AssessedComplaint> {
    const current = this.register.reassessed(record, versions, now);
    if (pendingAlerts(current).length > 0) {
      report.alerts += (await this.register.raiseAlerts(record.tenantId, record.complaintId, now)).length;
    } else if (listingKey(current) !== listingKey(record) && (await this.register.refresh(current, revision))) {
      report.moved++;
    }
    return current.complaint;
  }
}

/** What decides a complaint's place in the open list: the due instants of its deadlines not yet met. */
function listingKey(record: Pick<ComplaintRecord, 'complaint'>): string {
  return Object.entries(record.complaint.deadlines)
    .filter(([, d]) => d.state !== 'met' && d.state !== 'late')
    .map(([name, d]) => `${name}:${d.dueAt}`)
    .sort()
    .join(',');
}
