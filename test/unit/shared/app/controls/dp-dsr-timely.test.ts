import { describe, expect, it } from 'vitest';
import { DP_DSR_TIMELY } from '../../../../../shared/app/controls/catalogue/dp-dsr-timely.js';
import type { StoredErasureRequest } from '../../../../../shared/app/erasure-requests.js';
import { erasureDueBy } from '../../../../../shared/domain/recording/erasure-deadline.js';
import { context, NOW, TENANT } from './control-fixtures.js';

/** A request received on `receivedAt`, completed at `completedAt` or blocked by a legal hold when none. */
function request(requestId: string, receivedAt: string, completedAt?: string): StoredErasureRequest {
  return {
    tenantId: TENANT,
    requestId,
    customerRef: 'cust-secret-ref',
    receivedAt,
    dueBy: erasureDueBy(new Date(receivedAt)).toISOString(),
    requestedBy: 'dpo-1',
    via: 'api',
    status: completedAt === undefined ? 'blocked-by-legal-hold' : 'completed',
    ...(completedAt === undefined ? {} : { completedAt }),
    recordingsDeleted: [],
    recordingsHeld: [],
    contactsAnonymised: 0,
    updatedAt: completedAt ?? receivedAt,
    revision: 1,
  };
}

const evaluate = (requests: StoredErasureRequest[]) => DP_DSR_TIMELY.evaluate({ erasures: { requests } }, context());

describe('DP-DSR-TIMELY', () => {
  it('says no-data without any request', () => {
    expect(evaluate([]).status).toBe('no-data');
  });

  it('is compliant when every request was answered within the month', () => {
    const { status, detail } = evaluate([request('r-1', '2026-10-01T10:00:00Z', '2026-10-02T10:00:00Z')]);
    expect(status).toBe('compliant');
    expect(detail).toMatchObject({ requests: 1, completedOnTime: 1, lateCount: 0, dueSoonCount: 0 });
  });

  it('is breached by a request completed after its deadline, naming it and never the data subject', () => {
    const late = request('r-2', '2026-09-01T10:00:00Z', '2026-10-03T10:00:00Z');
    const { status, detail } = evaluate([late, request('r-1', '2026-10-01T10:00:00Z', '2026-10-02T10:00:00Z')]);
    expect(status).toBe('breached');
    expect(detail).toMatchObject({
      lateCount: 1,
      late: [{ requestId: 'r-2', dueBy: '2026-10-01T23:59:59.999Z', completedAt: '2026-10-03T10:00:00Z' }],
    });
    expect(JSON.stringify(detail)).not.toContain('cust-secret-ref');
  });

  it('is at risk while a request blocked by a legal hold nears its deadline, and no breach once past it', () => {
    // Received 2026-10-25: due at the end of 2026-11-25, five days after NOW.
    const nearing = request('r-3', '2026-10-25T10:00:00Z');
    expect(evaluate([nearing])).toMatchObject({ status: 'at-risk', detail: { dueSoonCount: 1, heldCount: 1 } });
    const pastDue = request('r-4', '2026-09-25T10:00:00Z');
    expect(Date.parse(pastDue.dueBy)).toBeLessThan(NOW.getTime());
    expect(evaluate([pastDue])).toMatchObject({ status: 'compliant', detail: { lateCount: 0, heldCount: 1 } });
  });

  it('is not at risk for a request due beyond a week', () => {
    expect(evaluate([request('r-5', '2026-11-10T10:00:00Z')]).status).toBe('compliant');
  });
});
