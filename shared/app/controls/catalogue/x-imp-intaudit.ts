/**
 * X-IMP-INTAUDIT (ISO18295.md §2.7): internal audits cover every clause of ISO 18295-1 within the agreement's
 * internal-audit interval (`certification.internalAuditIntervalMonths`). An audit covers a clause it names, a
 * sub-clause of it (`4.4.1` covers `4.4`) or its parent (`4` covers `4.4`); its coverage lasts the interval from the
 * day it was completed, and a clause whose coverage ends within {@link AT_RISK_DAYS} days puts the control at risk.
 * @see certification practice (ISO18295.md §2.7, §5)
 */
import { addDays, daysBetween, daysInMonth } from '../../../domain/calendar/calendar-date.js';
import type { AuditRecord } from '../../../domain/quality/quality-records.js';
import { defineControl } from '../control-definition.js';
import { today } from './detail.js';

/** The clauses of ISO 18295-1 a self-assessment covers (ISO18295.md §1). */
export const PART_1_CLAUSES = ['4.2', '4.3', '4.4', '4.5', '5', '6', '7', '8', '9'] as const;

const AT_RISK_DAYS = 30;

export const X_IMP_INTAUDIT = defineControl({
  controlId: 'X-IMP-INTAUDIT',
  clause: '(certification practice)',
  source: 'certification practice',
  requirement: 'Internal audits cover every clause of ISO 18295-1 within the internal-audit interval of the agreement',
  cadence: 'daily',
  severity: 'minor',
  switchable: true,
  facts: ['quality'],
  evaluate: ({ quality }, context) => {
    const intervalMonths = context.agreement.certification.internalAuditIntervalMonths.value;
    const internal = quality.audits.filter((a) => a.kind === 'internal');
    if (internal.length === 0) return { status: 'no-data', detail: { intervalMonths, internalAudits: 0 } };
    const on = today(context);
    const clauses = PART_1_CLAUSES.map((clause) => coverage(clause, internal, intervalMonths, on));
    const uncovered = clauses.filter((c) => c.coveredUntil === null).map((c) => c.clause);
    const expiring = clauses
      .filter((c) => c.coveredUntil !== null && daysBetween(on, c.coveredUntil) <= AT_RISK_DAYS)
      .map((c) => c.clause);
    const status = uncovered.length > 0 ? 'breached' : expiring.length > 0 ? 'at-risk' : 'compliant';
    return { status, detail: { intervalMonths, internalAudits: internal.length, clauses, uncovered, expiring } };
  },
});

/** Whether audit scope `scoped` covers `clause`: the same clause, a sub-clause of it, or its parent. */
export function covers(scoped: string, clause: string): boolean {
  return scoped === clause || scoped.startsWith(`${clause}.`) || clause.startsWith(`${scoped}.`);
}

/** The latest internal audit covering `clause` still within the interval on `on`, and the last day it covers. */
function coverage(clause: string, audits: readonly AuditRecord[], intervalMonths: number, on: string) {
  let best: { auditId: string; completedOn: string; coveredUntil: string } | undefined;
  for (const audit of audits) {
    if (!audit.clausesInScope.some((scoped) => covers(scoped, clause))) continue;
    const coveredUntil = addMonths(audit.completedOn, intervalMonths);
    if (coveredUntil < on || (best !== undefined && coveredUntil <= best.coveredUntil)) continue;
    best = { auditId: audit.auditId, completedOn: audit.completedOn, coveredUntil };
  }
  return best === undefined ? { clause, auditId: null, completedOn: null, coveredUntil: null } : { clause, ...best };
}

/** `date` plus `months`, on the same day of the month or the month's last day (31 January + 1 → 28/29 February). */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const first = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
  return addDays(first, Math.min(d, daysInMonth(year, month)) - 1);
}
