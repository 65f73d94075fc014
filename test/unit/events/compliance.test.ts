import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ControlTransitionDetail, complaintDeadlineAlert, controlTransitionEvent } from '../../../events/compliance.js';

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

describe('Control transitions (ccc.compliance)', () => {
  const sample = (name: string) => JSON.parse(readFileSync(`events/samples/${name}.json`, 'utf8')) as unknown;
  const about = {
    tenantId: 'acme-energy',
    controlId: 'P1-CMP-ACK',
    clause: '4.4',
    severity: 'major' as const,
    summary: { overdueCount: 1 },
  };

  it('keeps its samples valid', () => {
    expect(ControlTransitionDetail.safeParse(sample('control.breached')).success).toBe(true);
    expect(ControlTransitionDetail.safeParse(sample('control.restored')).success).toBe(true);
  });

  it('builds the same event, keyed on the transition, however often it is built', () => {
    const input = { ...about, from: 'at-risk' as const, to: 'breached' as const, since: '2026-11-03T10:10:00+01:00' };
    const event = controlTransitionEvent(input);
    expect(event).toEqual(controlTransitionEvent(input));
    expect(event).toMatchObject({
      detailType: 'control.breached',
      occurredAt: '2026-11-03T09:10:00.000Z',
      detail: { since: '2026-11-03T09:10:00.000Z', transitionKey: 'P1-CMP-ACK#breached#2026-11-03T09:10:00.000Z' },
    });
    expect(controlTransitionEvent({ ...input, from: 'breached', to: 'at-risk' as const })?.detailType).toBe(
      'control.restored',
    );
  });

  it('has no event for a change that neither breaches nor restores', () => {
    expect(
      controlTransitionEvent({ ...about, from: 'compliant', to: 'at-risk', since: '2026-11-03T09:10:00Z' }),
    ).toBeUndefined();
  });
});
