import { describe, expect, it } from 'vitest';
import { complaintDeadlineAlert } from '../../../events/compliance.js';

const about = { tenantId: 'acme-energy', centerId: 'lyon-1', complaintId: 'cmp-2026-000457' } as const;

describe('Complaint deadline alerts (ccc.compliance)', () => {
  it('says when a pending step turned at risk, keyed so that a subscriber can dedupe it', () => {
    const event = complaintDeadlineAlert({
      ...about,
      kind: 'at-risk',
      deadline: 'acknowledge',
      dueAt: '2026-11-03T09:21:40+01:00',
      atRiskAt: '2026-11-03T07:21:40.000Z',
    });
    expect(event).toEqual({
      source: 'ccc.compliance',
      detailType: 'complaint.deadline-at-risk',
      occurredAt: '2026-11-03T07:21:40.000Z',
      detail: {
        schemaVersion: 1,
        ...about,
        occurredAt: '2026-11-03T07:21:40.000Z',
        deadline: 'acknowledge',
        dueAt: '2026-11-03T08:21:40.000Z',
        atRiskAt: '2026-11-03T07:21:40.000Z',
        alertKey: 'cmp-2026-000457#acknowledge#at-risk#2026-11-03T08:21:40.000Z',
      },
    });
  });

  it('dates a missed deadline at its due time, whenever it is noticed, and keys it apart from the at-risk alert', () => {
    const input = { ...about, deadline: 'resolve', dueAt: '2026-11-30T17:00:00.000Z' } as const;
    const missed = complaintDeadlineAlert({ ...input, kind: 'missed' });
    const atRisk = complaintDeadlineAlert({ ...input, kind: 'at-risk', atRiskAt: '2026-11-24T12:00:00.000Z' });
    expect(missed.detailType).toBe('complaint.deadline-missed');
    expect(missed.occurredAt).toBe('2026-11-30T17:00:00.000Z');
    expect(missed.detail).not.toHaveProperty('atRiskAt');
    expect(missed.detail.alertKey).toBe('cmp-2026-000457#resolve#missed#2026-11-30T17:00:00.000Z');
    expect(atRisk.detail.alertKey).not.toBe(missed.detail.alertKey);
    expect(complaintDeadlineAlert({ ...input, kind: 'missed' })).toEqual(missed);
  });

  it('refuses an at-risk alert without its at-risk point, and a tenant that is not an identifier', () => {
    const input = { ...about, deadline: 'resolve', dueAt: '2026-11-30T17:00:00Z' } as const;
    expect(() => complaintDeadlineAlert({ ...input, kind: 'at-risk' })).toThrow('needs atRiskAt');
    expect(() => complaintDeadlineAlert({ ...input, kind: 'missed', tenantId: 'acme energy' })).toThrow('tenantId');
  });
});
