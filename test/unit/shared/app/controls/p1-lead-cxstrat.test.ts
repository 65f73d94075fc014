import { describe, expect, it } from 'vitest';
import { P1_LEAD_CXSTRAT } from '../../../../../shared/app/controls/catalogue/p1-lead-cxstrat.js';
import type { DocumentType, GovernanceDocument } from '../../../../../shared/domain/governance/governance-records.js';
import { context, TENANT } from './control-fixtures.js';

function document(documentId: string, type: DocumentType, reviewDue: string): GovernanceDocument {
  return {
    tenantId: TENANT,
    documentId,
    type,
    title: `${type} policy`,
    version: '2',
    approvedBy: 'director-1',
    approvedOn: '2026-01-15',
    reviewDue,
    clauses: ['5'],
    occurredAt: '2026-01-15T10:00:00.000Z',
    recordedAt: '2026-01-15T10:00:01.000Z',
  };
}

const evaluate = (documents: GovernanceDocument[]) =>
  P1_LEAD_CXSTRAT.evaluate({ governance: { documents, reviews: [] } }, context());

describe('P1-LEAD-CXSTRAT (an approved customer-experience strategy, reviewed)', () => {
  it('says no-data while the register is empty', () => {
    expect(evaluate([])).toEqual({ status: 'no-data', detail: { documents: 0 } });
  });

  it('is breached when the register holds documents but no strategy', () => {
    expect(evaluate([document('d-1', 'quality-policy', '2027-01-15')])).toMatchObject({
      status: 'breached',
      detail: { documents: 1, strategy: null },
    });
  });

  it('is compliant before its review date, naming the document', () => {
    expect(evaluate([document('d-2', 'cx-strategy', '2027-01-15')])).toMatchObject({
      status: 'compliant',
      detail: { strategy: { documentId: 'd-2', version: '2', reviewDue: '2027-01-15' }, daysToReview: 56 },
    });
  });

  it('is at risk within 30 days of the review date, the review day itself included', () => {
    expect(evaluate([document('d-2', 'cx-strategy', '2026-12-20')]).status).toBe('at-risk');
    expect(evaluate([document('d-2', 'cx-strategy', '2026-11-20')]).status).toBe('at-risk');
  });

  it('is breached past the review date, unless a later strategy is in review', () => {
    expect(evaluate([document('d-2', 'cx-strategy', '2026-11-19')]).status).toBe('breached');
    const renewed = [document('d-2', 'cx-strategy', '2026-11-19'), document('d-3', 'cx-strategy', '2027-11-19')];
    expect(evaluate(renewed)).toMatchObject({ status: 'compliant', detail: { strategy: { documentId: 'd-3' } } });
  });
});
