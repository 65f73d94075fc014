/**
 * P1-LEAD-CXSTRAT (ISO18295.md §2.2): a customer-experience strategy is approved by management and reviewed. The
 * register's `cx-strategy` document (the one reviewed latest, if there are several) must be within its review date;
 * within {@link AT_RISK_DAYS} days of it the control is at risk. A register that holds documents but no strategy
 * breaches it; an empty register has nothing to judge yet.
 * @see ISO 18295-1 5.1–5.2
 */
import { daysBetween } from '../../../domain/calendar/calendar-date.js';
import { defineControl } from '../control-definition.js';
import { today } from './detail.js';

const AT_RISK_DAYS = 30;

export const P1_LEAD_CXSTRAT = defineControl({
  controlId: 'P1-LEAD-CXSTRAT',
  clause: '5.1–5.2',
  source: 'ISO 18295-1',
  requirement:
    'A customer-experience strategy is documented, approved by management and reviewed before its review date',
  cadence: 'daily',
  severity: 'minor',
  switchable: true,
  facts: ['governance'],
  evaluate: ({ governance }, context) => {
    const { documents } = governance;
    if (documents.length === 0) return { status: 'no-data', detail: { documents: 0 } };
    const strategy = documents
      .filter((d) => d.type === 'cx-strategy')
      .sort((a, b) => b.reviewDue.localeCompare(a.reviewDue))[0];
    if (strategy === undefined) return { status: 'breached', detail: { documents: documents.length, strategy: null } };
    const daysToReview = daysBetween(today(context), strategy.reviewDue);
    const status = daysToReview < 0 ? 'breached' : daysToReview <= AT_RISK_DAYS ? 'at-risk' : 'compliant';
    const { documentId, title, version, approvedBy, approvedOn, reviewDue } = strategy;
    return {
      status,
      detail: {
        documents: documents.length,
        strategy: { documentId, title, version, approvedBy, approvedOn, reviewDue },
        daysToReview,
      },
    };
  },
});
