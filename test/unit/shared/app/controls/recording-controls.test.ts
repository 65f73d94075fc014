import { describe, expect, it } from 'vitest';
import { DP_REC_ACCESS } from '../../../../../shared/app/controls/catalogue/dp-rec-access.js';
import { DP_REC_ACCESSLOG } from '../../../../../shared/app/controls/catalogue/dp-rec-accesslog.js';
import { DP_REC_ENCRYPT } from '../../../../../shared/app/controls/catalogue/dp-rec-encrypt.js';
import { DP_REC_RETENTION } from '../../../../../shared/app/controls/catalogue/dp-rec-retention.js';
import type { ControlFacts } from '../../../../../shared/app/controls/control-definition.js';
import { DETAIL_LIST_CAP } from '../../../../../shared/app/evaluate-competence.js';
import { context, previousState } from './control-fixtures.js';

function recordings(over: Partial<ControlFacts['recordings']> = {}): Pick<ControlFacts, 'recordings'> {
  return {
    recordings: {
      stored: 0,
      overdue: [],
      overdueCount: 0,
      unencrypted: [],
      unencryptedCount: 0,
      accesses: 0,
      unusualAccesses: 0,
      ...over,
    },
  };
}

describe('DP-REC-RETENTION', () => {
  it('is breached by a recording kept past its retention, listing at most the cap with the true count', () => {
    const overdue = Array.from({ length: 80 }, (_, i) => ({ contactId: `c-${i}`, deleteAfter: '2026-11-01' }));
    const { status, detail } = DP_REC_RETENTION.evaluate(
      recordings({ stored: 500, overdue, overdueCount: 130 }),
      context(),
    );
    expect(status).toBe('breached');
    expect(detail.overdue).toHaveLength(DETAIL_LIST_CAP);
    expect(detail).toMatchObject({ stored: 500, overdueCount: 130 });
  });

  it('is compliant with recordings stored and none overdue, no-data with none stored', () => {
    expect(DP_REC_RETENTION.evaluate(recordings({ stored: 3 }), context()).status).toBe('compliant');
    expect(DP_REC_RETENTION.evaluate(recordings(), context()).status).toBe('no-data');
  });
});

describe('DP-REC-ENCRYPT', () => {
  it('is breached by a recording stored without the data key, naming it', () => {
    const { status, detail } = DP_REC_ENCRYPT.evaluate(
      recordings({ stored: 3, unencrypted: [{ contactId: 'c-2' }], unencryptedCount: 1 }),
      context(),
    );
    expect(status).toBe('breached');
    expect(detail).toMatchObject({ unencrypted: [{ contactId: 'c-2' }], unencryptedCount: 1 });
  });

  it('is compliant when every stored recording is encrypted, no-data with none stored', () => {
    expect(DP_REC_ENCRYPT.evaluate(recordings({ stored: 3 }), context()).status).toBe('compliant');
    expect(DP_REC_ENCRYPT.evaluate(recordings(), context()).status).toBe('no-data');
  });
});

describe('DP-REC-ACCESS', () => {
  it('is at risk with an unusual access in the last 30 days, keeping the access the real-time path named', () => {
    const realTime = previousState('at-risk', {
      reason: 'out-of-hours',
      actor: 'user-9',
      role: 'quality',
      contactId: 'c-1',
      accessId: 'acc-1',
      recordingsInHour: 1,
      at: '2026-11-19T22:00:00.000Z',
    });
    const { status, detail } = DP_REC_ACCESS.evaluate(
      recordings({ accesses: 12, unusualAccesses: 1 }),
      context({ previous: realTime }),
    );
    expect(status).toBe('at-risk');
    expect(detail).toEqual({
      windowDays: 30,
      accesses: 12,
      unusualAccesses: 1,
      lastUnusualAccess: {
        accessId: 'acc-1',
        contactId: 'c-1',
        reason: 'out-of-hours',
        at: '2026-11-19T22:00:00.000Z',
      },
    });
  });

  it('is compliant with ordinary accesses only', () => {
    expect(DP_REC_ACCESS.evaluate(recordings({ accesses: 4 }), context()).status).toBe('compliant');
  });

  it('keeps its previous status through a month without access, and says no-data without one', () => {
    const previous = previousState('at-risk', { lastUnusualAccess: { accessId: 'acc-1' } });
    expect(DP_REC_ACCESS.evaluate(recordings(), context({ previous }))).toMatchObject({
      status: 'at-risk',
      detail: { accesses: 0, lastUnusualAccess: { accessId: 'acc-1' } },
    });
    expect(DP_REC_ACCESS.evaluate(recordings(), context()).status).toBe('no-data');
  });
});

describe('DP-REC-ACCESSLOG', () => {
  it('is compliant while the ledger chain verifies, with its last anchor', () => {
    const ledger = { valid: true, entries: 40, lastAnchoredAt: '2026-11-20T00:00:00.000Z' };
    expect(DP_REC_ACCESSLOG.evaluate({ ledger }, context())).toEqual({
      status: 'compliant',
      detail: { entries: 40, lastAnchoredAt: '2026-11-20T00:00:00.000Z' },
    });
  });

  it('is breached from the first broken entry, and no-data with an empty ledger', () => {
    expect(DP_REC_ACCESSLOG.evaluate({ ledger: { valid: false, entries: 40, firstBrokenAt: 17 } }, context())).toEqual({
      status: 'breached',
      detail: { entries: 40, firstBrokenAt: 17 },
    });
    expect(DP_REC_ACCESSLOG.evaluate({ ledger: { valid: true, entries: 0 } }, context()).status).toBe('no-data');
  });
});
