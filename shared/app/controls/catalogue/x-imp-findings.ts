/**
 * X-IMP-FINDINGS (ISO18295.md §2.7): audit findings and nonconformities are corrected on time. A nonconformity not
 * closed past its `dueOn`, or a planned corrective action past its own, breaches it; one due within
 * {@link AT_RISK_DAYS} days that is not yet awaiting verification (its actions are not all done) puts it at risk.
 * Dates are tenant-local, judged on today's date: a due date is kept through its whole day.
 * @see certification practice (ISO18295.md §2.7, §5)
 */
import { daysBetween } from '../../../domain/calendar/calendar-date.js';
import type { Nonconformity } from '../../../domain/quality/quality-records.js';
import { defineControl } from '../control-definition.js';
import { capped, today } from './detail.js';

const AT_RISK_DAYS = 14;

export const X_IMP_FINDINGS = defineControl({
  controlId: 'X-IMP-FINDINGS',
  clause: '(certification practice)',
  source: 'certification practice',
  requirement:
    'Audit findings and nonconformities are corrected on time: none is open past its due date, and no corrective ' +
    'action is overdue',
  cadence: 'daily',
  severity: 'minor',
  switchable: true,
  facts: ['quality'],
  evaluate: ({ quality }, context) => {
    const { audits, nonconformities } = quality;
    const on = today(context);
    const open = nonconformities.filter((n) => n.status !== 'closed').sort(byDueOn);
    const overdue = open.filter((n) => n.dueOn !== undefined && n.dueOn < on);
    const overdueActions = open.flatMap((n) =>
      n.actions
        .filter((a) => a.status === 'planned' && a.dueOn < on)
        .map((a) => ({ nonconformityId: n.nonconformityId, actionId: a.actionId, dueOn: a.dueOn, ownerId: a.ownerId })),
    );
    const dueSoon = open.filter(
      (n) =>
        n.status !== 'awaiting-verification' &&
        n.dueOn !== undefined &&
        n.dueOn >= on &&
        daysBetween(on, n.dueOn) <= AT_RISK_DAYS,
    );
    const status =
      overdue.length + overdueActions.length > 0
        ? 'breached'
        : dueSoon.length > 0
          ? 'at-risk'
          : nonconformities.length + audits.length > 0
            ? 'compliant'
            : 'no-data';
    return {
      status,
      detail: {
        audits: audits.length,
        open: open.length,
        ...capped('overdue', overdue.map(summary)),
        ...capped(
          'overdueActions',
          overdueActions.sort((a, b) => a.dueOn.localeCompare(b.dueOn)),
        ),
        ...capped('dueSoon', dueSoon.map(summary)),
      },
    };
  },
});

function byDueOn(a: Nonconformity, b: Nonconformity): number {
  return (
    (a.dueOn ?? '9999-12-31').localeCompare(b.dueOn ?? '9999-12-31') ||
    a.nonconformityId.localeCompare(b.nonconformityId)
  );
}

function summary({ nonconformityId, clause, grade, status, dueOn }: Nonconformity) {
  return { nonconformityId, clause, grade, status, dueOn };
}
