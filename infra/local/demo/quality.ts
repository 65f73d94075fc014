/**
 * Demo quality and governance records (issue 12, ISO18295.md §2.2, §2.7, §5): for each demo tenant, the documents a
 * certification asks for, a management review and an internal audit with findings in the demo month, and the
 * corrective actions on them, so that the nonconformities, the leadership and improvement controls and the readiness
 * view have something to show straight after `npm start`:
 * - the scope statement, quality policy, org chart, complaint procedure and project plan are approved early in the
 *   month, each for review a year later; the CX strategy too, except for the second tenant, whose strategy was
 *   approved a year before and was due for review on the 10th (P1-LEAD-CXSTRAT breaches there);
 * - an internal audit covering every Part 1 clause but 9 ends on the 9th with four findings: a major, two minors and
 *   an observation, each opening a nonconformity due by the agreement's closure days;
 * - the first minor is taken through root cause, an action, its completion, an effective verification and closure;
 *   the major gets its root cause and an action due on the 16th that is never completed (X-IMP-FINDINGS breaches);
 *   the second minor and the observation stay open;
 * - the management review is held on the 26th, on the audit's results;
 * - the first tenant also has its certification stage 1 audit on the 28th, with one minor finding.
 *
 * Nothing is drawn at random: the records are the same for every seed, and dated in the demo month (the second
 * tenant's strategy a year before), all before `now`.
 */
import { DocumentApproved, type DocumentApprovedDetail, ManagementReviewHeld } from '../../../events/governance.js';
import {
  AuditCompleted,
  type AuditCompletedDetail,
  CorrectiveActionRecorded,
  type CorrectiveActionRecordedDetail,
} from '../../../events/quality.js';
import { startOfLocalDay } from '../../../shared/domain/calendar/zoned-time.js';
import type { DocumentType } from '../../../shared/domain/governance/governance-records.js';
import { zonedFormatter } from './contacts.js';
import type { BusEvent } from './send.js';
import type { DemoTenant } from './tenant-model.js';
import { DEFAULT_DEMO_TENANTS } from './tenants.js';

const HOUR_MS = 3_600_000;

/** A quality or governance event of the demo, in the order it is sent. */
export interface QualityBusEvent extends BusEvent {
  detail: { occurredAt: string; tenantId: string };
}

/** One tenant's quality records, and the ids the demo's stories are about. */
export interface DemoQuality {
  tenantId: string;
  events: QualityBusEvent[];
  internalAuditId: string;
  /** The nonconformities: taken to closure, in progress with an action past due, and left open. */
  closed: string;
  overdueAction: { nonconformityId: string; actionId: string; dueOn: string };
  open: string[];
  /** The tenant whose CX strategy is past its review date. */
  strategyReviewOverdue?: { documentId: string; reviewDue: string };
  stage1AuditId?: string;
}

export interface DemoQualityOptions {
  month: string;
  tenants?: readonly DemoTenant[];
}

const DOCUMENTS: ReadonlyArray<{ type: DocumentType; slug: string; title: string; day: number }> = [
  { type: 'scope-statement', slug: 'scope', title: 'Certification scope: sites, services and clients', day: 2 },
  { type: 'quality-policy', slug: 'quality-policy', title: 'Quality and customer experience policy', day: 3 },
  { type: 'org-chart', slug: 'org-chart', title: 'Organisation chart with responsibilities', day: 3 },
  { type: 'complaint-procedure', slug: 'complaints', title: 'Complaint handling procedure', day: 3 },
  { type: 'cx-strategy', slug: 'cx-strategy', title: 'Customer experience strategy and objectives', day: 4 },
  { type: 'project-plan', slug: 'certification-plan', title: 'ISO 18295-1 certification project plan', day: 5 },
];

const INTERNAL_SCOPE = ['4.2', '4.3', '4.4', '4.5', '5', '6', '7', '8'];
const PART1 = [...INTERNAL_SCOPE, '9'];

const FINDINGS: AuditCompletedDetail['findings'] = [
  {
    findingId: 'f1',
    clause: '4.4',
    grade: 'major',
    description: 'Written acknowledgements of complaints received by letter are sent after the agreed deadline',
  },
  {
    findingId: 'f2',
    clause: '6',
    grade: 'minor',
    description: 'Induction records of two agents were signed after their first live shift',
  },
  {
    findingId: 'f3',
    clause: '4.5',
    grade: 'minor',
    description: 'Bulk exports of recordings do not state their purpose in the access request',
  },
  {
    findingId: 'f4',
    clause: '7',
    grade: 'observation',
    description: 'The monthly service-level report does not say which short-abandon threshold it applies',
  },
];

/** Day of the month the major's planned action was due, and never completed. */
const OVERDUE_ACTION_DAY = 16;

/** Every demo tenant's quality and governance records for `month`. */
export function demoQuality({ month, tenants = DEFAULT_DEMO_TENANTS }: DemoQualityOptions): DemoQuality[] {
  return tenants.map((tenant, index) => tenantQuality(tenant, month, index));
}

/** What writing one tenant's records needs: its site, its clock and the month. */
interface Writer {
  tenant: DemoTenant;
  centerId: string;
  month: string;
  format: (at: number) => string;
}

const dayOf = (month: string, day: number) => `${month}-${String(day).padStart(2, '0')}`;

/** The instant of `hour` o'clock local time on `date`, in the tenant's offset. */
const at = (w: Writer, date: string, hour: number) =>
  w.format(startOfLocalDay(date, w.tenant.timeZone) + hour * HOUR_MS);

function base(w: Writer, date: string, hour: number) {
  return {
    schemaVersion: 1 as const,
    tenantId: w.tenant.tenantId,
    centerId: w.centerId,
    occurredAt: at(w, date, hour),
  };
}

function tenantQuality(tenant: DemoTenant, month: string, index: number): DemoQuality {
  const w: Writer = {
    tenant,
    centerId: tenant.lines[0]!.sites[0]!.centerId,
    month,
    format: zonedFormatter(tenant.timeZone),
  };
  const prefix = `${tenant.contactIdPrefix}-${month.replace('-', '')}`;
  const lateStrategy = index % 2 === 1;
  const documents = DOCUMENTS.map((d) => documentEvent(w, prefix, d, lateStrategy && d.type === 'cx-strategy'));
  const auditId = `${prefix}-ia`;
  const internal = auditEvent(w, auditId, 'internal', 'quality-lead-001', [8, 9], INTERNAL_SCOPE, FINDINGS);
  const nc = (findingId: string) => `${auditId}.${findingId}`;
  const overdueAction = { nonconformityId: nc('f1'), actionId: 'a1', dueOn: dayOf(month, OVERDUE_ACTION_DAY) };
  const steps = [...closedStory(w, nc('f2')), ...overdueStory(w, overdueAction)];
  const review = reviewEvent(w, `${prefix}-mr`);
  const stage1AuditId = index === 0 ? `${prefix}-cb-s1` : undefined;
  const stage1 =
    stage1AuditId === undefined
      ? []
      : [
          auditEvent(w, stage1AuditId, 'certification-stage-1', 'AFNOR Certification', [27, 28], PART1, [
            {
              findingId: 'f1',
              clause: '5',
              grade: 'minor',
              description: 'Quality objectives are not yet measured against the customer experience strategy',
            },
          ]),
        ];
  const events = [...documents, internal, ...steps, review, ...stage1].sort(
    (a, b) => Date.parse(a.detail.occurredAt) - Date.parse(b.detail.occurredAt),
  );
  const strategy = documents.find((d) => d.detailType === DocumentApproved.detailType && isStrategy(d.detail));
  return {
    tenantId: tenant.tenantId,
    events,
    internalAuditId: auditId,
    closed: nc('f2'),
    overdueAction,
    open: [nc('f3'), nc('f4'), ...(stage1AuditId === undefined ? [] : [`${stage1AuditId}.f1`])],
    ...(lateStrategy && strategy !== undefined
      ? {
          strategyReviewOverdue: {
            documentId: (strategy.detail as DocumentApprovedDetail).documentId,
            reviewDue: (strategy.detail as DocumentApprovedDetail).reviewDue,
          },
        }
      : {}),
    ...(stage1AuditId === undefined ? {} : { stage1AuditId }),
  };
}

const isStrategy = (detail: QualityBusEvent['detail']) => (detail as DocumentApprovedDetail).type === 'cx-strategy';

/** A year later, the same day (the 29th of February is never used: every demo day is the 10th or earlier). */
const yearAfter = (date: string) => `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;
const yearBefore = (date: string) => `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;

function documentEvent(
  w: Writer,
  prefix: string,
  d: (typeof DOCUMENTS)[number],
  reviewOverdue: boolean,
): QualityBusEvent {
  // The overdue strategy: approved a year before the demo month, for review on the 10th of it.
  const approvedOn = reviewOverdue ? yearBefore(dayOf(w.month, d.day)) : dayOf(w.month, d.day);
  const reviewDue = reviewOverdue ? dayOf(w.month, 10) : yearAfter(approvedOn);
  const detail: DocumentApprovedDetail = {
    ...base(w, approvedOn, 11),
    documentId: `${prefix.split('-')[0]}-${d.slug}`,
    type: d.type,
    title: d.title,
    version: reviewOverdue ? `${approvedOn.slice(0, 4)}-1` : `${w.month.slice(0, 4)}-1`,
    approvedBy: 'director-001',
    approvedOn,
    reviewDue,
  };
  return { source: DocumentApproved.source, detailType: DocumentApproved.detailType, detail };
}

function auditEvent(
  w: Writer,
  auditId: string,
  kind: AuditCompletedDetail['kind'],
  auditor: string,
  [startDay, endDay]: [number, number],
  clausesInScope: string[],
  findings: AuditCompletedDetail['findings'],
): QualityBusEvent {
  const completedOn = dayOf(w.month, endDay);
  const detail: AuditCompletedDetail = {
    ...base(w, completedOn, 17),
    auditId,
    kind,
    auditor,
    startedOn: dayOf(w.month, startDay),
    completedOn,
    clausesInScope,
    findings,
  };
  return { source: AuditCompleted.source, detailType: AuditCompleted.detailType, detail };
}

type StepFields = Omit<CorrectiveActionRecordedDetail, keyof ReturnType<typeof base> | 'nonconformityId' | 'stepId'>;

function stepEvent(w: Writer, nonconformityId: string, n: number, day: number, fields: StepFields): QualityBusEvent {
  const detail = {
    ...base(w, dayOf(w.month, day), 10 + n),
    nonconformityId,
    stepId: `${nonconformityId}.s${n}`,
    ...fields,
  } as CorrectiveActionRecordedDetail;
  return { source: CorrectiveActionRecorded.source, detailType: CorrectiveActionRecorded.detailType, detail };
}

/** The first minor, from root cause to closure within the month. */
function closedStory(w: Writer, id: string): QualityBusEvent[] {
  const by = { recordedBy: 'quality-002' };
  return [
    stepEvent(w, id, 1, 11, {
      step: 'root-cause',
      rootCause: 'The induction sign-off was left to the trainer, who signs at the end of the week',
      ...by,
    }),
    stepEvent(w, id, 2, 11, {
      step: 'action-planned',
      actionId: 'a1',
      description: 'The team lead signs the induction record before the first live shift is rostered',
      ownerId: 'lead-002',
      dueOn: dayOf(w.month, 20),
      ...by,
    }),
    stepEvent(w, id, 3, 18, {
      step: 'action-completed',
      actionId: 'a1',
      completedOn: dayOf(w.month, 18),
      evidenceRef: 'WFM-rostering-rule-12',
      ...by,
    }),
    stepEvent(w, id, 4, 22, {
      step: 'verified',
      effective: true,
      note: 'No shift rostered before sign-off since',
      ...by,
    }),
    stepEvent(w, id, 5, 23, { step: 'closed', ...by }),
  ];
}

/** The major: its root cause and an action due on the 16th, never completed. */
function overdueStory(w: Writer, action: DemoQuality['overdueAction']): QualityBusEvent[] {
  const by = { recordedBy: 'quality-002' };
  return [
    stepEvent(w, action.nonconformityId, 1, 12, {
      step: 'root-cause',
      rootCause: 'Letters are scanned into the complaint tool only once a week',
      ...by,
    }),
    stepEvent(w, action.nonconformityId, 2, 12, {
      step: 'action-planned',
      actionId: action.actionId,
      description: 'Scan incoming letters daily and register each complaint the day it arrives',
      ownerId: 'lead-001',
      dueOn: action.dueOn,
      ...by,
    }),
  ];
}

function reviewEvent(w: Writer, reviewId: string): QualityBusEvent {
  const detail = {
    ...base(w, dayOf(w.month, 26), 14),
    reviewId,
    heldOn: dayOf(w.month, 26),
    chairedBy: 'director-001',
    inputs: ['audit-results', 'complaints', 'kpis', 'nonconformities'],
    decisions: 5,
    minutesRef: `${reviewId}-minutes`,
  };
  return { source: ManagementReviewHeld.source, detailType: ManagementReviewHeld.detailType, detail };
}

/** Every tenant's quality events, in time order. */
export function qualityEvents(records: readonly DemoQuality[]): QualityBusEvent[] {
  return records
    .flatMap((r) => r.events)
    .sort((a, b) => Date.parse(a.detail.occurredAt) - Date.parse(b.detail.occurredAt));
}

/** What `npm start` prints about the demo's quality records. */
export function describeDemoQuality(records: readonly DemoQuality[]): string[] {
  return records.map(
    (r) =>
      `  ${r.tenantId}: internal audit ${r.internalAuditId}; closed ${r.closed}; ` +
      `${r.overdueAction.nonconformityId} action ${r.overdueAction.actionId} due ${r.overdueAction.dueOn} (X-IMP-FINDINGS); ` +
      `open ${r.open.join(', ')}` +
      (r.strategyReviewOverdue
        ? `; CX strategy review due ${r.strategyReviewOverdue.reviewDue} (P1-LEAD-CXSTRAT)`
        : '') +
      (r.stage1AuditId ? `; certification stage 1 ${r.stage1AuditId}` : ''),
  );
}
