/**
 * The certification path a centre follows (issue 12 item 7; ISO18295.md §5.1), steps 1 to 9, each judged from the
 * records the product holds:
 *
 * 1. Scope and commitment: done once a `scope-statement` document is approved.
 * 2. Gap analysis: done once the controls have judged something (a control with a state other than `no-data`): from
 *    then on `missing` is the gap analysis, kept current by every evaluation. In progress while every stored state is
 *    `no-data`.
 * 3. Project plan: done once a `project-plan` document is approved.
 * 4. Documentation: done when every required document (`certification.requiredDocuments`) is approved and in review.
 * 5. Implementation and evidence: done when no enabled control is breached or without data, each has been in its
 *    present status for 30 days or more, and the evidence ledger verifies.
 * 6. Internal audit and management review: done when internal audits of the interval covered every Part 1 clause and
 *    a management review was held within its interval.
 * 7. External audit: done when every stage of `certification.stages` has been held.
 * 8. Nonconformity closure: done when the final stage (or a recertification) was held and none of its major
 *    nonconformities is open: the tenant is certified, on the later of the audit and its last major's closure.
 * 9. Surveillance: in progress while certified, `due` once the next surveillance audit (the first within
 *    `firstSurveillanceMaxMonths` of certification, the next `surveillanceIntervalMonths` after the last) or the
 *    recertification (`cycleYears` after certification) is overdue. Never done: it lasts as long as the certificate.
 */
import { daysBetween } from '../calendar/calendar-date.js';
import type { AuditRecord } from './quality-records.js';
import {
  addMonths,
  documentStanding,
  enabledControls,
  heldAudits,
  internallyAudited,
  type MissingItem,
  PART1_CLAUSES,
  type ReadinessInput,
  recentReview,
} from './readiness-facts.js';

export type StepStatus = 'done' | 'in-progress' | 'not-started' | 'due';

export const PATH_STEPS = [
  { step: 1, key: 'scope-and-commitment', title: 'Scope and commitment' },
  { step: 2, key: 'gap-analysis', title: 'Gap analysis' },
  { step: 3, key: 'project-plan', title: 'Project plan' },
  { step: 4, key: 'documentation', title: 'Documentation' },
  { step: 5, key: 'implementation-and-evidence', title: 'Implementation and evidence' },
  { step: 6, key: 'internal-audit-and-management-review', title: 'Internal audit and management review' },
  { step: 7, key: 'external-audit', title: 'External audit (certification stages)' },
  { step: 8, key: 'nonconformity-closure', title: 'Nonconformity closure' },
  { step: 9, key: 'surveillance', title: 'Surveillance' },
] as const;

export interface PathStep {
  step: number;
  key: (typeof PATH_STEPS)[number]['key'];
  title: string;
  status: StepStatus;
  /** What decided the status, in words. */
  evidence: string;
  /** Step 9: the date the next surveillance (or recertification) audit is due by. */
  dueOn?: string;
}

export interface CertificationPath {
  steps: PathStep[];
  /** The first step not done. */
  current: number;
  /** What to do next, in words. */
  next: string;
  /** When certified: the date, the next surveillance audit's due date and the recertification's. */
  certification: { certifiedOn: string; nextSurveillanceDue: string; recertificationDue: string } | null;
}

/** Steps 5 and later need this much time in a good status before they count (a month of evidence). */
const EVIDENCE_DAYS = 30;

type Judgement = Omit<PathStep, 'step' | 'key' | 'title'> & { next: string };

export function certificationPath(input: ReadinessInput, missing: readonly MissingItem[]): CertificationPath {
  const cycle = certifiedCycle(input);
  const judgements: Judgement[] = [
    documentStep(input, 'scope-statement', 'Approve the scope statement (sites, services and clients in scope)'),
    gapAnalysis(input),
    documentStep(input, 'project-plan', 'Approve a project plan that schedules closing the gaps listed in `missing`'),
    documentation(input, missing),
    implementation(input, missing),
    selfAssessment(input),
    externalAudit(input),
    closure(input, cycle),
    surveillance(input, cycle),
  ];
  const steps = PATH_STEPS.map(({ step, key, title }, i) => {
    const { next: _next, ...judged } = judgements[i]!;
    return { step, key, title, ...judged };
  });
  const index = judgements.findIndex((j) => j.status !== 'done');
  return {
    steps,
    current: steps[index]!.step,
    next: judgements[index]!.next,
    certification: cycle === undefined ? null : cycle.dates,
  };
}

function documentStep(input: ReadinessInput, type: string, next: string): Judgement {
  const standing = documentStanding(type, input);
  if (standing.state === 'absent') return { status: 'not-started', evidence: `No approved ${type} document`, next };
  const { title, version, approvedOn } = standing.document;
  return { status: 'done', evidence: `${title} version ${version} approved on ${approvedOn}`, next };
}

function gapAnalysis(input: ReadinessInput): Judgement {
  const controls = enabledControls(input);
  const judged = controls.filter((c) => c.state !== undefined && c.state.status !== 'no-data').length;
  const next = 'Send the operational events (contacts, complaints, training, recordings) so the controls judge them';
  if (judged > 0) return { status: 'done', evidence: `${judged} of ${controls.length} enabled controls judged`, next };
  if (controls.some((c) => c.state !== undefined))
    return { status: 'in-progress', evidence: 'Controls evaluated, none with data yet', next };
  return { status: 'not-started', evidence: 'No control evaluated yet', next };
}

function documentation(input: ReadinessInput, missing: readonly MissingItem[]): Judgement {
  const required = input.certification.requiredDocuments.value;
  const gaps = missing.filter((m) => m.kind === 'document').map((m) => m.ref);
  const approved = required.filter((type) => documentStanding(type, input).state !== 'absent').length;
  const status = gaps.length === 0 ? 'done' : approved > 0 ? 'in-progress' : 'not-started';
  return {
    status,
    evidence: `${required.length - gaps.length} of ${required.length} required documents approved and in review`,
    next: `Approve (or review) the required documents: ${gaps.join(', ')}`,
  };
}

function implementation(input: ReadinessInput, missing: readonly MissingItem[]): Judgement {
  const controls = enabledControls(input);
  const gaps = missing.filter((m) => m.kind === 'control').map((m) => m.ref);
  const young = controls
    .filter((c) => c.state !== undefined && daysBetween(c.state.since.slice(0, 10), input.today) < EVIDENCE_DAYS)
    .map((c) => c.controlId);
  const judged = controls.filter((c) => c.state !== undefined && c.state.status !== 'no-data').length;
  const done = gaps.length === 0 && young.length === 0 && input.ledger.valid;
  const evidence =
    `${controls.length - gaps.length} of ${controls.length} enabled controls compliant or at risk` +
    (young.length > 0 ? `; in their status less than ${EVIDENCE_DAYS} days: ${young.join(', ')}` : '') +
    (input.ledger.valid ? `; ledger verifies (${input.ledger.entries} entries)` : '; ledger does not verify');
  const next =
    gaps.length > 0
      ? `Bring the breached or unjudged controls into compliance: ${gaps.join(', ')}`
      : !input.ledger.valid
        ? 'Find out why the evidence ledger does not verify'
        : `Keep every control compliant for ${EVIDENCE_DAYS} days: ${young.join(', ')}`;
  return { status: done ? 'done' : judged > 0 ? 'in-progress' : 'not-started', evidence, next };
}

function selfAssessment(input: ReadinessInput): Judgement {
  const audited = internallyAudited(input);
  const uncovered = PART1_CLAUSES.filter((c) => !audited.has(c));
  const review = recentReview(input);
  const evidence =
    `Internal audits of the last ${input.certification.internalAuditIntervalMonths.value} months covered ` +
    `${audited.size} of ${PART1_CLAUSES.length} Part 1 clauses; ` +
    (review === undefined ? 'no management review in its interval' : `management review held on ${review.heldOn}`);
  const todo = [
    ...(uncovered.length > 0 ? [`hold an internal audit covering clauses ${uncovered.join(', ')}`] : []),
    ...(review === undefined ? ['hold a management review'] : []),
  ];
  const status = todo.length === 0 ? 'done' : audited.size > 0 || review !== undefined ? 'in-progress' : 'not-started';
  return { status, evidence, next: capitalised(todo.join(', and ')) };
}

function externalAudit(input: ReadinessInput): Judgement {
  const stages = input.certification.stages.value;
  const held = heldAudits(input);
  const heldOn = stages.map((kind) => held.filter((a) => a.kind === kind).at(-1)?.completedOn);
  const evidence = stages
    .map((kind, i) => `${kind} ${heldOn[i] === undefined ? 'not held' : `held on ${heldOn[i]}`}`)
    .join('; ');
  const pending = stages.filter((_, i) => heldOn[i] === undefined);
  const status = pending.length === 0 ? 'done' : pending.length < stages.length ? 'in-progress' : 'not-started';
  return { status, evidence, next: `Hold the ${pending[0] ?? 'certification'} audit with the certification body` };
}

/** The audit that opened the current certificate's cycle, and its dates, when certified. */
interface Cycle {
  audit: AuditRecord;
  dates: { certifiedOn: string; nextSurveillanceDue: string; recertificationDue: string };
}

/** The latest final-stage or recertification audit, and whether its major nonconformities are all closed. */
function cycleAudit(input: ReadinessInput): { audit?: AuditRecord; openMajors: string[]; lastClosedOn?: string } {
  const finalStage = input.certification.stages.value.at(-1);
  const audit = heldAudits(input)
    .filter((a) => a.kind === finalStage || a.kind === 'recertification')
    .at(-1);
  if (audit === undefined) return { openMajors: [] };
  const majors = input.nonconformities.filter(
    (n) => n.grade === 'major' && n.origin.type === 'audit' && n.origin.auditId === audit.auditId,
  );
  const lastClosedOn = majors
    .map((n) => n.closedAt?.slice(0, 10))
    .filter((d): d is string => d !== undefined)
    .sort()
    .at(-1);
  return {
    audit,
    openMajors: majors.filter((n) => n.status !== 'closed').map((n) => n.nonconformityId),
    ...(lastClosedOn === undefined ? {} : { lastClosedOn }),
  };
}

function certifiedCycle(input: ReadinessInput): Cycle | undefined {
  const { audit, openMajors, lastClosedOn } = cycleAudit(input);
  if (audit === undefined || openMajors.length > 0) return undefined;
  const certifiedOn = lastClosedOn !== undefined && lastClosedOn > audit.completedOn ? lastClosedOn : audit.completedOn;
  const { cycleYears, firstSurveillanceMaxMonths, surveillanceIntervalMonths } = input.certification;
  const last = heldAudits(input)
    .filter((a) => a.kind === 'surveillance' && a.completedOn >= certifiedOn)
    .at(-1);
  const recertificationDue = addMonths(certifiedOn, cycleYears.value * 12);
  const surveillanceDue =
    last === undefined
      ? addMonths(certifiedOn, firstSurveillanceMaxMonths.value)
      : addMonths(last.completedOn, surveillanceIntervalMonths.value);
  // ISO dates sort as text: the earlier audit is the next one due.
  const nextSurveillanceDue = [surveillanceDue, recertificationDue].sort()[0]!;
  return { audit, dates: { certifiedOn, nextSurveillanceDue, recertificationDue } };
}

function closure(input: ReadinessInput, cycle: Cycle | undefined): Judgement {
  const { audit, openMajors } = cycleAudit(input);
  const certificationKinds = new Set<string>([...input.certification.stages.value, 'recertification']);
  const open = input.nonconformities.filter(
    (n) => n.status !== 'closed' && n.origin.type === 'audit' && certificationKinds.has(n.origin.auditKind),
  );
  const next = `Close the major nonconformities of the certification audit: ${openMajors.join(', ')}`;
  if (cycle !== undefined) {
    return {
      status: 'done',
      evidence:
        `Certified on ${cycle.dates.certifiedOn} (${cycle.audit.kind} ${cycle.audit.auditId}); ` +
        `${open.length} nonconformities of certification audits still open`,
      next,
    };
  }
  if (audit !== undefined || open.length > 0) {
    return {
      status: 'in-progress',
      evidence: `${openMajors.length} major and ${open.length} in all of the certification audits' nonconformities open`,
      next: openMajors.length > 0 ? next : 'Close the nonconformities the certification audits raised',
    };
  }
  return {
    status: 'not-started',
    evidence: 'No final certification audit held yet',
    next: 'Close the nonconformities the certification audits raise',
  };
}

function surveillance(input: ReadinessInput, cycle: Cycle | undefined): Judgement {
  if (cycle === undefined) return { status: 'not-started', evidence: 'Not certified yet', next: 'Get certified first' };
  const { nextSurveillanceDue, recertificationDue } = cycle.dates;
  const audit = nextSurveillanceDue === recertificationDue ? 'recertification' : 'surveillance';
  const overdue = input.today > nextSurveillanceDue;
  return {
    status: overdue ? 'due' : 'in-progress',
    evidence: `Next ${audit} audit due by ${nextSurveillanceDue}; recertification by ${recertificationDue}`,
    dueOn: nextSurveillanceDue,
    next: overdue
      ? `The ${audit} audit was due by ${nextSurveillanceDue}: hold it now`
      : `Hold the ${audit} audit by ${nextSurveillanceDue}`,
  };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
