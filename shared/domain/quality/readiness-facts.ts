/**
 * What the certification readiness view (readiness.ts, certification-path.ts) is computed from, and the clause
 * arithmetic both share: which Part 1 clause a control, finding or document serves (ISO18295.md §1.1), which audits
 * covered it, and which documents are approved and in review. Pure: the use case (shared/app/readiness.ts) reads
 * the records through their ports and passes them in.
 */
import type { CertificationTerms } from '../agreement/agreement-schema.js';
import { daysInMonth } from '../calendar/calendar-date.js';
import type { DocumentType, GovernanceDocument, ManagementReview } from '../governance/governance-records.js';
import type { AuditRecord, Nonconformity } from './quality-records.js';

export type ControlStatus = 'compliant' | 'at-risk' | 'breached' | 'no-data';

/** A control of the catalogue as readiness needs it (the domain cannot read the catalogue itself). */
export interface ReadinessControl {
  controlId: string;
  /** As ISO18295.md §2 gives it: `4.4`, `6`, `4.5 / GDPR Art. 32`, `(certification practice)`. */
  clause: string;
  requirement: string;
  severity: 'major' | 'minor';
  /** Why the agreement switched it off; absent while it is evaluated. */
  disabledReason?: string;
}

/** A control's stored state; a control never evaluated has none. */
export interface ReadinessState {
  controlId: string;
  status: ControlStatus;
  /** ISO instant it entered `status`. */
  since: string;
}

export interface ReadinessInput {
  /** Tenant-local date the view is computed for. */
  today: string;
  controls: readonly ReadinessControl[];
  states: readonly ReadinessState[];
  audits: readonly AuditRecord[];
  /** Every nonconformity, closed ones included (the certification audits' closure is a step of the path). */
  nonconformities: readonly Nonconformity[];
  /** The document register: the latest version of each document. */
  documents: readonly GovernanceDocument[];
  reviews: readonly ManagementReview[];
  certification: CertificationTerms;
  ledger: { valid: boolean; entries: number; firstBrokenAt?: number };
}

export type MissingKind = 'document' | 'internal-audit' | 'management-review' | 'control' | 'nonconformity' | 'ledger';

/** One item of the gap analysis: what it is about (`ref`: a document type, clause, control or nonconformity id). */
export interface MissingItem {
  kind: MissingKind;
  ref: string;
  description: string;
}

/**
 * The groups the view is arranged by: the Part 1 clauses a centre is certified against, then the controls that come
 * from certification practice (ISO18295.md §2.7) and from the GDPR alone (§2.8).
 */
export const READINESS_CLAUSES = [
  { clause: '4.2', title: 'Communication of information to customers', part1: true },
  { clause: '4.3', title: 'Measuring and monitoring of customer experience', part1: true },
  { clause: '4.4', title: 'Complaints handling', part1: true },
  { clause: '4.5', title: 'Customer protection', part1: true },
  { clause: '5', title: 'Customer-focused leadership', part1: true },
  { clause: '6', title: 'People: competence, skills development, information to employees', part1: true },
  { clause: '7', title: 'Operational processes', part1: true },
  { clause: '8', title: 'Service delivery infrastructure', part1: true },
  { clause: '9', title: 'Client relationship', part1: true },
  { clause: 'certification practice', title: 'Improvement and assurance (internal audit, findings)', part1: false },
  { clause: 'GDPR', title: 'Data protection of recordings and data-subject requests', part1: false },
] as const;

export const PART1_CLAUSES: readonly string[] = READINESS_CLAUSES.filter((c) => c.part1).map((c) => c.clause);

/**
 * The clause a document type serves when its approver named none (ISO18295.md §5.2: the pack section it belongs
 * in). A scope statement, quality manual or project plan belongs to the certification itself.
 */
export const DOCUMENT_TYPE_CLAUSE: Record<DocumentType, string | undefined> = {
  'scope-statement': 'certification practice',
  'cx-strategy': '5',
  'quality-policy': '5',
  'quality-manual': 'certification practice',
  'org-chart': '5',
  'complaint-procedure': '4.4',
  'recording-policy': '4.5',
  'retention-schedule': '4.5',
  'recruiting-procedure': '6',
  'process-description': '7',
  'continuity-plan': '8',
  'project-plan': 'certification practice',
  other: undefined,
};

const NUMBERED = /^(\d+)(?:\.(\d+))?/;

/**
 * The group a clause reference belongs to: `4.5 / GDPR Art. 32` is 4.5 (its first reference), `5.1–5.2` is 5,
 * `GDPR Art. 5(2), 30` is GDPR, `(certification practice)` is certification practice; undefined for anything else
 * (4.1, an Annex alone).
 */
export function clauseGroupOf(clause: string): string | undefined {
  const text = clause.trim();
  if (/certification practice/i.test(text)) return 'certification practice';
  const numbered = NUMBERED.exec(text);
  if (numbered !== null) {
    const group = numbered[1] === '4' ? `4.${numbered[2] ?? ''}` : numbered[1]!;
    return PART1_CLAUSES.includes(group) ? group : undefined;
  }
  return /^GDPR/i.test(text) ? 'GDPR' : undefined;
}

/**
 * Whether an audit that had `scoped` in scope covered `group`: the same clause, a parent (`4` covers 4.4) or a part
 * of it (`5.2` counts for 5).
 */
export function covers(scoped: string, group: string): boolean {
  const numbered = NUMBERED.exec(scoped.trim())?.[0];
  if (numbered === undefined || !PART1_CLAUSES.includes(group)) return clauseGroupOf(scoped) === group;
  return numbered === group || group.startsWith(`${numbered}.`) || numbered.startsWith(`${group}.`);
}

/** The groups a document serves: the clauses its approver named, else its type's. */
export function documentGroups(document: GovernanceDocument): string[] {
  const named = document.clauses.map(clauseGroupOf).filter((g): g is string => g !== undefined);
  if (document.clauses.length > 0) return named;
  const byType = DOCUMENT_TYPE_CLAUSE[document.type];
  return byType === undefined ? [] : [byType];
}

/** Where a required document type stands on `today`: approved and in review, past its review date, or absent. */
export type DocumentStanding =
  | { state: 'current'; document: GovernanceDocument }
  | { state: 'review-overdue'; document: GovernanceDocument }
  | { state: 'absent' };

export function documentStanding(type: string, input: ReadinessInput): DocumentStanding {
  const approved = input.documents.filter((d) => d.type === type && d.approvedOn <= input.today);
  const current = approved.find((d) => d.reviewDue >= input.today);
  if (current !== undefined) return { state: 'current', document: current };
  const latest = [...approved].sort((a, b) => b.reviewDue.localeCompare(a.reviewDue))[0];
  return latest === undefined ? { state: 'absent' } : { state: 'review-overdue', document: latest };
}

/** `date` plus `months` calendar months, on the same day or the month's last (31 January + 1 month: 28 February). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The audits held by `today` (a record dated later is not evidence yet), oldest first. */
export function heldAudits(input: ReadinessInput): AuditRecord[] {
  return input.audits
    .filter((a) => a.completedOn <= input.today)
    .sort((a, b) => a.completedOn.localeCompare(b.completedOn) || a.auditId.localeCompare(b.auditId));
}

/** The first day of the internal-audit interval ending `today` (X-IMP-INTAUDIT). */
export function internalAuditWindowStart(input: ReadinessInput): string {
  return addMonths(input.today, -input.certification.internalAuditIntervalMonths.value);
}

/** The Part 1 clauses an internal audit of the interval covered. */
export function internallyAudited(input: ReadinessInput): Set<string> {
  const from = internalAuditWindowStart(input);
  const scoped = heldAudits(input)
    .filter((a) => a.kind === 'internal' && a.completedOn >= from)
    .flatMap((a) => a.clausesInScope);
  return new Set(PART1_CLAUSES.filter((group) => scoped.some((s) => covers(s, group))));
}

/** The latest management review within its interval ending `today`, if any. */
export function recentReview(input: ReadinessInput): ManagementReview | undefined {
  const from = addMonths(input.today, -input.certification.managementReviewIntervalMonths.value);
  return input.reviews
    .filter((r) => r.heldOn >= from && r.heldOn <= input.today)
    .sort((a, b) => b.heldOn.localeCompare(a.heldOn))[0];
}

/** The controls the agreement keeps on, each with its state (none while never evaluated). */
export function enabledControls(input: ReadinessInput): Array<ReadinessControl & { state?: ReadinessState }> {
  const states = new Map(input.states.map((s) => [s.controlId, s]));
  return input.controls
    .filter((c) => c.disabledReason === undefined)
    .map((c) => {
      const state = states.get(c.controlId);
      return state === undefined ? c : { ...c, state };
    });
}
