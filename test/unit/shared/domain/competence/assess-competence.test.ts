import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrainingTerms } from '../../../../../shared/domain/agreement/agreement-schema.js';
import { DEFAULT_AGREEMENT_TERMS } from '../../../../../shared/domain/agreement/default-agreement.js';
import {
  type AgentProfile,
  emptyProfile,
  type TrainingRecord,
  withDeparture,
  withOnboarding,
  withQaEvaluation,
  withTraining,
} from '../../../../../shared/domain/competence/agent-profile.js';
import { competenceMatrix, gapsAt } from '../../../../../shared/domain/competence/assess-competence.js';
import { competenceRequirements } from '../../../../../shared/domain/competence/competence-requirements.js';

const contract = <T>(value: T) => ({ value, origin: 'contract' as const });

const terms = (over: Partial<TrainingTerms> = {}): TrainingTerms => ({ ...DEFAULT_AGREEMENT_TERMS.training, ...over });

const induction = (at: string, over: Partial<TrainingRecord> = {}): TrainingRecord => ({
  trainingRecordId: `ind-${at}`,
  courseId: 'acme-induction',
  category: 'induction',
  hours: 14,
  completedAt: at,
  passed: true,
  ...over,
});

const dataProtection = (at: string, over: Partial<TrainingRecord> = {}): TrainingRecord => ({
  trainingRecordId: `dp-${at}`,
  courseId: 'gdpr-basics',
  category: 'data-protection',
  hours: 2,
  completedAt: at,
  passed: true,
  ...over,
});

function agent(records: TrainingRecord[], startedAt = '2026-01-05T08:00:00Z', languages = ['fr']): AgentProfile {
  const onboarded = withOnboarding(emptyProfile('acme-energy', 'agent-001'), {
    centerId: 'lyon-1',
    startedAt,
    languages,
  });
  return records.reduce(withTraining, onboarded);
}

describe('Function: gapsAt', () => {
  const requirements = competenceRequirements(terms({ inductionCourses: contract(['acme-induction']) }));

  it('finds nothing missing for an inducted agent with a current data-protection course', () => {
    const profile = agent([induction('2026-01-06T16:00:00Z'), dataProtection('2026-02-01T10:00:00Z')]);
    expect(gapsAt(profile, requirements, '2026-06-01T09:00:00Z', 'voice')).toEqual([]);
  });

  it('reports a contact answered before the induction was completed, whatever order the records were added in', () => {
    const records = [dataProtection('2026-01-02T10:00:00Z'), induction('2026-01-08T16:00:00Z')];
    const forward = agent(records);
    const backward = agent([...records].reverse());
    expect(forward).toEqual(backward);
    expect(gapsAt(forward, requirements, '2026-01-07T09:00:00Z', 'voice')).toEqual([
      { kind: 'induction', requirementId: 'induction:acme-induction' },
    ]);
    expect(gapsAt(forward, requirements, '2026-01-08T16:00:01Z', 'voice')).toEqual([]);
  });

  it('does not count a failed induction, nor a course of another client', () => {
    const profile = agent([
      induction('2026-01-06T16:00:00Z', { passed: false }),
      induction('2026-01-06T17:00:00Z', { trainingRecordId: 'other', courseId: 'northwind-induction' }),
      dataProtection('2026-01-02T10:00:00Z'),
    ]);
    expect(gapsAt(profile, requirements, '2026-02-01T09:00:00Z', 'chat')).toEqual([
      { kind: 'induction', requirementId: 'induction:acme-induction' },
    ]);
  });

  it('reports a mandatory course that lapsed after its refresh interval, with the day it lapsed', () => {
    const profile = agent([induction('2026-01-06T16:00:00Z'), dataProtection('2025-03-01T10:00:00Z')]);
    expect(gapsAt(profile, requirements, '2026-03-02T09:00:00Z', 'voice')).toEqual([
      { kind: 'mandatory', requirementId: 'mandatory:data-protection', expiredAt: '2026-03-01T10:00:00.000Z' },
    ]);
  });

  it('takes the certificate validUntil over the refresh interval', () => {
    const profile = agent([
      induction('2026-01-06T16:00:00Z'),
      dataProtection('2026-01-02T10:00:00Z', { validUntil: '2026-04-01T00:00:00Z' }),
    ]);
    expect(gapsAt(profile, requirements, '2026-03-31T23:00:00Z', 'voice')).toEqual([]);
    expect(gapsAt(profile, requirements, '2026-04-01T00:00:00Z', 'voice')).toHaveLength(1);
  });

  it('reports an agent the tenant never onboarded, or who had left, besides the courses', () => {
    expect(gapsAt(undefined, requirements, '2026-02-01T09:00:00Z', 'voice').map((g) => g.kind)).toEqual([
      'not-onboarded',
      'induction',
      'mandatory',
    ]);
    const left = withDeparture(
      agent([induction('2026-01-06T16:00:00Z'), dataProtection('2026-01-02T10:00:00Z')]),
      '2026-05-01T00:00:00Z',
    );
    expect(gapsAt(left, requirements, '2026-05-02T09:00:00Z', 'voice')).toEqual([{ kind: 'not-onboarded' }]);
  });

  it("requires the agreement's languages on the channels it names, matching primary subtags", () => {
    const withLanguages = competenceRequirements(terms({ languagesByChannel: contract({ voice: ['en', 'fr'] }) }));
    const profile = agent(
      [induction('2026-01-06T16:00:00Z'), dataProtection('2026-01-02T10:00:00Z')],
      '2026-01-05T08:00:00Z',
      ['fr-FR'],
    );
    expect(gapsAt(profile, withLanguages, '2026-02-01T09:00:00Z', 'voice')).toEqual([
      { kind: 'language', language: 'en' },
    ]);
    expect(gapsAt(profile, withLanguages, '2026-02-01T09:00:00Z', 'email')).toEqual([]);
  });

  it('checks nothing of induction when the agreement does not require it before live contacts', () => {
    const relaxed = competenceRequirements(terms({ inductionBeforeLive: contract(false) }));
    expect(gapsAt(agent([dataProtection('2026-01-02T10:00:00Z')]), relaxed, '2026-02-01T09:00:00Z', 'voice')).toEqual(
      [],
    );
  });

  it('gives the same profile for any order of training records (property)', () => {
    const record = fc.record({
      id: fc.uuid(),
      day: fc.integer({ min: 0, max: 700 }),
      category: fc.constantFrom('induction' as const, 'data-protection' as const),
      passed: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), fc.integer({ min: 0, max: 800 }), (records, probeDay) => {
        const built = records.map(
          (r): TrainingRecord => ({
            trainingRecordId: r.id,
            courseId: r.category === 'induction' ? 'acme-induction' : 'gdpr',
            category: r.category,
            hours: 1,
            completedAt: new Date(Date.UTC(2025, 0, 1) + r.day * 86_400_000).toISOString(),
            passed: r.passed,
          }),
        );
        const a = agent(built, '2024-12-01T00:00:00Z');
        const b = agent([...built].reverse(), '2024-12-01T00:00:00Z');
        const at = new Date(Date.UTC(2025, 0, 1) + probeDay * 86_400_000).toISOString();
        expect(gapsAt(a, requirements, at, 'voice')).toEqual(gapsAt(b, requirements, at, 'voice'));
      }),
    );
  });
});

describe('Function: competenceMatrix', () => {
  const requirements = competenceRequirements(
    terms({
      mandatoryCourses: contract([{ category: 'data-protection' as const }, { category: 'pci' as const }]),
      expiryWarningDays: contract(30),
      minQaEvaluationsPerMonth: contract(2),
    }),
  );

  it('tells valid, expiring, expired and missing requirements apart, with the dates that count', () => {
    const profile = agent([induction('2026-01-06T16:00:00Z'), dataProtection('2025-12-20T10:00:00Z')]);
    const matrix = competenceMatrix(profile, requirements, new Date('2026-12-02T12:00:00Z'), '2026-12');
    expect(matrix.requirements.map((r) => [r.requirementId, r.status, r.validUntil])).toEqual([
      ['induction:*', 'valid', undefined],
      ['mandatory:data-protection', 'expiring', '2026-12-20T10:00:00.000Z'],
      ['mandatory:pci', 'missing', undefined],
    ]);
    expect(matrix).toMatchObject({
      inducted: true,
      expiring: ['mandatory:data-protection'],
      missing: ['mandatory:pci'],
    });
    const later = competenceMatrix(profile, requirements, new Date('2026-12-21T00:00:00Z'), '2026-12');
    expect(later.expired).toEqual(['mandatory:data-protection']);
  });

  it("counts the month's QA evaluations against the minimum, with their average and critical fails", () => {
    let profile = agent([induction('2026-01-06T16:00:00Z')]);
    profile = withQaEvaluation(profile, '2026-11', { score: 80, criticalFail: false });
    expect(competenceMatrix(profile, requirements, new Date('2026-11-20T00:00:00Z'), '2026-11').qa).toEqual({
      month: '2026-11',
      count: 1,
      required: 2,
      averageScore: 80,
      criticalFails: 0,
      met: false,
    });
    profile = withQaEvaluation(profile, '2026-11', { score: 55, criticalFail: true });
    expect(competenceMatrix(profile, requirements, new Date('2026-11-20T00:00:00Z'), '2026-11').qa).toMatchObject({
      count: 2,
      averageScore: 67.5,
      criticalFails: 1,
      met: true,
    });
  });
});

describe('Function: withOnboarding / withDeparture', () => {
  it('keeps a departure that arrived before the onboarding it follows, and forgets one of an earlier employment', () => {
    const base = emptyProfile('t', 'a');
    const leftFirst = withOnboarding(withDeparture(base, '2026-06-01T00:00:00Z'), {
      centerId: 'c',
      startedAt: '2026-01-01T00:00:00Z',
      languages: [],
    });
    expect(leftFirst.leftAt).toBe('2026-06-01T00:00:00Z');
    const rehired = withOnboarding(leftFirst, { centerId: 'c', startedAt: '2026-09-01T00:00:00Z', languages: ['en'] });
    expect(rehired.leftAt).toBeUndefined();
    expect(rehired.startedAt).toBe('2026-09-01T00:00:00Z');
  });
});
