import { describe, expect, it } from 'vitest';
import { AgreementInput, AgreementVersion } from '../../../../../shared/domain/agreement/agreement-schema.js';
import { defaultAgreementVersion } from '../../../../../shared/domain/agreement/default-agreement.js';

describe('Schema: the training terms of an agreement', () => {
  it('reads a version stored before the competence requirements existed, with internal defaults', () => {
    const { training: _, ...rest } = defaultAgreementVersion('acme-energy');
    const stored = {
      ...rest,
      training: {
        inductionBeforeLive: { value: true, origin: 'contract' },
        refresherIntervalDays: { value: 180, origin: 'contract' },
      },
    };
    const version = AgreementVersion.parse(stored);
    expect(version.training).toEqual({
      inductionBeforeLive: { value: true, origin: 'contract' },
      refresherIntervalDays: { value: 180, origin: 'contract' },
      inductionCourses: { value: [], origin: 'internal' },
      mandatoryCourses: { value: [{ category: 'data-protection' }], origin: 'internal' },
      languagesByChannel: { value: {}, origin: 'internal' },
      minQaEvaluationsPerMonth: { value: 4, origin: 'internal' },
      expiryWarningDays: { value: 30, origin: 'internal' },
    });
  });

  it('takes a client agreement of induction courses, mandatory courses and languages as the contract', () => {
    const input = AgreementInput.parse({
      effectiveFrom: '2026-11-01',
      training: {
        inductionBeforeLive: { value: true },
        refresherIntervalDays: { value: 365 },
        inductionCourses: { value: ['acme-induction', 'general-induction'] },
        mandatoryCourses: { value: [{ category: 'pci', refreshIntervalDays: 180 }] },
        languagesByChannel: { value: { voice: ['fr', 'en'] } },
      },
    });
    expect(input.training?.mandatoryCourses).toEqual({
      value: [{ category: 'pci', refreshIntervalDays: 180 }],
      origin: 'contract',
    });
  });

  it.each([
    [{ mandatoryCourses: { value: [{ category: 'cooking' }] } }, 'training.mandatoryCourses.value.0.category'],
    [{ languagesByChannel: { value: { voice: ['not a tag'] } } }, 'training.languagesByChannel.value.voice.0'],
    [{ inductionCourses: { value: ['has space'] } }, 'training.inductionCourses.value.0'],
    [{ minQaEvaluationsPerMonth: { value: -1 } }, 'training.minQaEvaluationsPerMonth.value'],
  ])('refuses %j at %s', (training, path) => {
    const result = AgreementInput.safeParse({
      effectiveFrom: '2026-11-01',
      training: { inductionBeforeLive: { value: true }, refresherIntervalDays: { value: 365 }, ...training },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
