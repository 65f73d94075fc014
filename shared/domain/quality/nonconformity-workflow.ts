/**
 * The corrective-action workflow of a nonconformity (ISO18295.md §2.7 X-IMP-FINDINGS, §5): how one is opened from an
 * audit's finding or a breached control, with its closure date from the agreement's certification terms, and how each
 * recorded step moves it on. Pure: the use cases in shared/app/quality-records.ts read, apply and write.
 *
 * The order is root cause and actions (while open or in progress), each planned action completed, a verification of
 * effectiveness once every action is done, and closure after an effective verification; an ineffective verification
 * sends it back to in progress for further actions. A step is kept once by its `stepId`, so a redelivered step
 * changes nothing.
 */
import type { CertificationTerms } from '../agreement/agreement-schema.js';
import { addDays } from '../calendar/calendar-date.js';
import { localDate } from '../calendar/zoned-time.js';
import type { AuditFinding, AuditRecord, FindingGrade, Nonconformity, RecordedStep } from './quality-records.js';

/** A step the workflow refuses in the nonconformity's present state: the caller's mistake, never a crash. */
export class NonconformityStepError extends Error {
  override name = 'NonconformityStepError';
}

/** The date a nonconformity of `grade` raised on `date` must be closed by; none when the terms set no deadline. */
export function closureDueOn(date: string, grade: FindingGrade, terms: CertificationTerms): string | undefined {
  const days = terms.closureDays[grade].value;
  return days === null ? undefined : addDays(date, days);
}

/** The nonconformity an audit's finding opens: `<auditId>.<findingId>`, due from the audit's completion date. */
export function openFromFinding(audit: AuditRecord, finding: AuditFinding, terms: CertificationTerms): Nonconformity {
  const dueOn = closureDueOn(audit.completedOn, finding.grade, terms);
  return {
    tenantId: audit.tenantId,
    nonconformityId: `${audit.auditId}.${finding.findingId}`,
    origin: { type: 'audit', auditId: audit.auditId, auditKind: audit.kind, findingId: finding.findingId },
    clause: finding.clause,
    grade: finding.grade,
    description: finding.description,
    openedAt: audit.occurredAt,
    ...(dueOn === undefined ? {} : { dueOn }),
    status: 'open',
    actions: [],
    steps: [],
  };
}

/** What a breached control opens a nonconformity from (shared/app/quality-records.ts `BreachInput`, less the agreement). */
export interface Breach {
  tenantId: string;
  controlId: string;
  clause: string;
  severity: 'major' | 'minor';
  /** When the control entered `breached` (ISO instant). */
  breachedSince: string;
  /** The scalars of the control's detail when it breached: the figures the description quotes. */
  summary?: Record<string, unknown>;
}

/** `k=v` for the scalar figures of a breach's summary, in key order; objects and arrays are left out. */
function figuresOf(summary: Record<string, unknown> | undefined): string {
  const scalars = Object.entries(summary ?? {})
    .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${String(v)}`);
  return scalars.length === 0 ? '' : ` (${scalars.join(', ')})`;
}

/**
 * The nonconformity a breached control opens: `ctl.<controlId>.<breachedSince epoch ms>`, due from the breach's
 * tenant-local date.
 */
export function openFromBreach(breach: Breach, terms: CertificationTerms, timeZone: string): Nonconformity {
  const dueOn = closureDueOn(localDate(breach.breachedSince, timeZone), breach.severity, terms);
  return {
    tenantId: breach.tenantId,
    nonconformityId: `ctl.${breach.controlId}.${Date.parse(breach.breachedSince)}`,
    origin: { type: 'control', controlId: breach.controlId, breachedSince: breach.breachedSince },
    clause: breach.clause,
    grade: breach.severity,
    description: `Control ${breach.controlId} breached since ${breach.breachedSince}${figuresOf(breach.summary)}`,
    openedAt: breach.breachedSince,
    ...(dueOn === undefined ? {} : { dueOn }),
    status: 'open',
    actions: [],
    steps: [],
  };
}

/** What applying a step did: `duplicate` when its `stepId` was applied already (the nonconformity is unchanged). */
export interface StepResult {
  nonconformity: Nonconformity;
  outcome: 'applied' | 'duplicate';
}

function refuse(nc: Nonconformity, message: string): never {
  throw new NonconformityStepError(`nonconformity ${nc.nonconformityId} (${nc.status}): ${message}`);
}

/** Root cause and actions are recorded while the nonconformity is being worked on, not once awaiting verification. */
function requireWorkable(nc: Nonconformity, what: string): void {
  if (nc.status !== 'open' && nc.status !== 'in-progress') refuse(nc, `${what} only while open or in progress`);
}

/** The nonconformity with `recorded` applied, the workflow's rules checked; throws {@link NonconformityStepError}. */
function next(nc: Nonconformity, recorded: RecordedStep): Nonconformity {
  if (nc.status === 'closed') refuse(nc, 'it is closed');
  const steps = [...nc.steps, recorded];
  switch (recorded.step) {
    case 'root-cause':
      requireWorkable(nc, 'a root cause is recorded');
      return { ...nc, status: 'in-progress', rootCause: recorded.rootCause, steps };
    case 'action-planned': {
      requireWorkable(nc, 'an action is planned');
      if (nc.actions.some((a) => a.actionId === recorded.actionId)) {
        refuse(nc, `action ${recorded.actionId} is planned already`);
      }
      const { actionId, description, ownerId, dueOn } = recorded;
      const action = { actionId, description, ownerId, dueOn, status: 'planned' as const };
      return { ...nc, status: 'in-progress', actions: [...nc.actions, action], steps };
    }
    case 'action-completed': {
      requireWorkable(nc, 'an action is completed');
      const planned = nc.actions.find((a) => a.actionId === recorded.actionId);
      if (planned === undefined) refuse(nc, `no action ${recorded.actionId} was planned`);
      if (planned.status === 'done') refuse(nc, `action ${recorded.actionId} is completed already`);
      const actions = nc.actions.map((a) =>
        a.actionId === recorded.actionId
          ? {
              ...a,
              status: 'done' as const,
              completedOn: recorded.completedOn,
              ...(recorded.evidenceRef === undefined ? {} : { evidenceRef: recorded.evidenceRef }),
            }
          : a,
      );
      const allDone = actions.every((a) => a.status === 'done');
      return { ...nc, status: allDone ? 'awaiting-verification' : 'in-progress', actions, steps };
    }
    case 'verified': {
      if (nc.status !== 'awaiting-verification') refuse(nc, 'verified only once every planned action is completed');
      const verification = {
        effective: recorded.effective,
        verifiedBy: recorded.recordedBy,
        verifiedAt: recorded.occurredAt,
        ...(recorded.note === undefined ? {} : { note: recorded.note }),
      };
      return { ...nc, status: recorded.effective ? 'awaiting-verification' : 'in-progress', verification, steps };
    }
    case 'closed':
      if (nc.status !== 'awaiting-verification' || nc.verification?.effective !== true) {
        refuse(nc, 'closed only after its actions were verified effective');
      }
      return { ...nc, status: 'closed', closedAt: recorded.occurredAt, steps };
  }
}

/**
 * Applies one recorded step. A step whose `stepId` is applied already is a duplicate and changes nothing; a step the
 * workflow refuses throws {@link NonconformityStepError} with the reason.
 */
export function applyStep(nc: Nonconformity, recorded: RecordedStep): StepResult {
  if (nc.steps.some((s) => s.stepId === recorded.stepId)) return { nonconformity: nc, outcome: 'duplicate' };
  return { nonconformity: next(nc, recorded), outcome: 'applied' };
}

/**
 * Whether a nonconformity not closed is past its closure date, or has a planned action past its own due date, on the
 * tenant-local date `today` (a date due today is not overdue yet).
 */
export function isOverdue(nc: Nonconformity, today: string): boolean {
  if (nc.status === 'closed') return false;
  if (nc.dueOn !== undefined && nc.dueOn < today) return true;
  return nc.actions.some((a) => a.status === 'planned' && a.dueOn < today);
}
