/**
 * The hourly surveillance of complaints (ISO18295.md §2.1, issue 11 item 3): for every tenant, each open complaint
 * is assessed as of the run, so one that nobody touches still turns at risk and overdue on time and raises its alert
 * (through the register, shared/app/complaint-register.ts, the same path as arriving events). Scheduled hourly
 * (functions/schedules.ts, `EvaluateComplaints`).
 *
 * The complaint controls are the catalogue's (shared/app/controls/catalogue/), kept by the controls engine
 * (shared/app/evaluate-controls.ts); this module gives them their evaluators and their facts
 * ({@link ComplaintFactsReader}). P1-CMP-ACK and P1-CMP-RESOLVE, each for its own step: `breached` while an open
 * complaint's step is overdue, or when a complaint received in the trailing {@link WINDOW_DAYS} days had it done late
 * (the agreement states no on-time target below 100 %); else `at-risk` while one is at risk; else `compliant`;
 * `no-data` without any complaint received in the window nor open. P1-CMP-REGISTER from the register check
 * (shared/app/complaint-register-check.ts) and the complaints registered without an owner.
 */
import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import type { AssessedComplaint, DeadlineName } from '../domain/complaint/complaint-state.js';
import type { AgreementVersions } from './agent-competence.js';
import {
  type ComplaintRecord,
  type ComplaintRegister,
  pendingAlerts,
  type StoredComplaint,
} from './complaint-register.js';
import { type Evaluation, forEachTenant, type LedgerTenants, type TenantsRun } from './control-keeper.js';

/** The trailing window the on-time shares are measured over. */
export const WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;
/** Complaint ids a control's detail lists at most; its count says how many there are. */
const DETAIL_IDS = 20;

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
}

/** What the tenants' sweeps add up to, besides the run over the tenants itself. */
type SweepCounts = Omit<ComplaintSweepReport, keyof TenantsRun>;

export interface SweepOptions {
  onFailure?: (tenantId: string, error: unknown) => void;
}

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

/** The complaints slice of the controls' facts (`ControlFacts['complaints']`), as of an instant. */
export interface ComplaintFacts {
  open: AssessedComplaint[];
  received: AssessedComplaint[];
  register: Evaluation;
}

/**
 * Reads the complaint facts: every open complaint and every complaint received in the trailing {@link WINDOW_DAYS}
 * days, assessed as of `now` (without raising alerts: the sweep does), and the register check.
 */
export class ComplaintFactsReader {
  constructor(
    private readonly register: Pick<ComplaintRegister, 'reassessed'>,
    private readonly complaints: ComplaintSweepStore,
    private readonly registerCheck: RegisterEvaluation,
  ) {}

  async facts(tenantId: string, now: Date, versions: AgreementVersion[]): Promise<ComplaintFacts> {
    const open: AssessedComplaint[] = [];
    for await (const { record } of this.complaints.all(tenantId, 'open')) {
      open.push(this.register.reassessed(record, versions, now).complaint);
    }
    const since = new Date(now.getTime() - WINDOW_DAYS * DAY_MS).toISOString();
    const received = [...open];
    for await (const { record } of this.complaints.all(tenantId, 'closed', since)) {
      received.push(this.register.reassessed(record, versions, now).complaint);
    }
    const inWindow = received.filter((c) => c.receivedAt !== undefined && c.receivedAt >= since);
    return { open, received: inWindow, register: await this.registerCheck.evaluate(tenantId, now) };
  }
}

export class EvaluateComplaints {
  constructor(
    private readonly register: Pick<ComplaintRegister, 'raiseAlerts' | 'reassessed' | 'refresh'>,
    private readonly complaints: ComplaintSweepStore,
    private readonly agreements: AgreementVersions,
    private readonly tenants: LedgerTenants,
    private readonly options: SweepOptions = {},
  ) {}

  /** One run as of `now`, tenant after tenant while `hasTime` says so. */
  async run(now: Date, hasTime: () => boolean = () => true): Promise<ComplaintSweepReport> {
    const report: SweepCounts = { assessed: 0, alerts: 0, moved: 0 };
    const run = await forEachTenant(
      this.tenants,
      hasTime,
      (tenantId) => this.sweepTenant(tenantId, now, report),
      this.options.onFailure,
    );
    return { ...report, ...run };
  }

  /** The tenant's open complaints assessed: alerts raised, listings moved. */
  async sweepTenant(tenantId: string, now: Date, report: SweepCounts): Promise<void> {
    const versions = await this.agreements.versions(tenantId);
    for await (const complaint of this.complaints.all(tenantId, 'open')) {
      report.assessed++;
      await this.assessOpen(complaint, versions, now, report);
    }
  }

  /** One open complaint as of `now`: its alerts raised, or its listing moved when the agreement's deadlines moved. */
  private async assessOpen(
    { record, revision }: StoredComplaint,
    versions: AgreementVersion[],
    now: Date,
    report: SweepCounts,
  ): Promise<void> {
    const current = this.register.reassessed(record, versions, now);
    if (pendingAlerts(current).length > 0) {
      report.alerts += (await this.register.raiseAlerts(record.tenantId, record.complaintId, now)).length;
    } else if (listingKey(current) !== listingKey(record) && (await this.register.refresh(current, revision))) {
      report.moved++;
    }
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
