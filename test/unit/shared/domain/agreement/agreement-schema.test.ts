import { describe, expect, it } from 'vitest';
import { AgreementInput, AgreementTerms } from '../../../../../shared/domain/agreement/agreement-schema.js';
import { resolveTarget } from '../../../../../shared/domain/agreement/agreement-versions.js';
import {
  DEFAULT_AGREEMENT_TERMS,
  defaultAgreementVersion,
} from '../../../../../shared/domain/agreement/default-agreement.js';

function issues(body: unknown): string[] {
  const parsed = AgreementInput.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('Schema: default agreement (CONTRACT.md §4)', () => {
  const v = defaultAgreementVersion('acme-energy');

  it('is version 0, origin internal, in Paris and in French', () => {
    expect(v).toMatchObject({ version: 0, origin: 'internal', effectiveFrom: null });
    expect(v.timeZone).toEqual({ value: 'Europe/Paris', origin: 'internal' });
    expect(v.language).toEqual({ value: 'fr', origin: 'internal' });
  });

  it('answers voice and chat within 20 s for 80 %, short abandons under 5 s, abandonment at most 5 %', () => {
    for (const channel of ['voice', 'chat'] as const) {
      expect(v.thresholds[channel]).toEqual({
        serviceLevelSeconds: { value: 20, origin: 'internal' },
        shortAbandonSeconds: { value: 5, origin: 'internal' },
      });
      expect(resolveTarget(v, 'serviceLevel', channel)).toMatchObject({
        target: 0.8,
        direction: 'min',
        origin: 'internal',
      });
      expect(resolveTarget(v, 'abandonmentRate', channel)).toMatchObject({ target: 0.05, direction: 'max' });
    }
  });

  it('answers e-mail and social within 24 h for 90 % of contacts', () => {
    for (const channel of ['email', 'social'] as const) {
      expect(v.thresholds[channel].serviceLevelSeconds.value).toBe(86_400);
      expect(resolveTarget(v, 'serviceLevel', channel)).toMatchObject({ target: 0.9, direction: 'min' });
      expect(resolveTarget(v, 'abandonmentRate', channel)).toBeUndefined();
    }
  });

  it('is itself a valid agreement, with an origin on every sourced value', () => {
    expect(AgreementTerms.safeParse(DEFAULT_AGREEMENT_TERMS).success).toBe(true);
    const origins = JSON.stringify(DEFAULT_AGREEMENT_TERMS).match(/"origin":"(\w+)"/g) ?? [];
    expect(origins.length).toBeGreaterThan(20);
    expect(new Set(origins)).toEqual(new Set(['"origin":"internal"', '"origin":"scheme"']));
    // Only the certification cycle comes from the scheme (ISO18295.md §5.1); everything else is an internal default.
    const { certification, ...rest } = DEFAULT_AGREEMENT_TERMS;
    expect(JSON.stringify(rest)).not.toContain('"origin":"scheme"');
    expect(certification.closureDays.major).toEqual({ value: 90, origin: 'scheme' });
  });

  it('reads a version stored before the certification and controls sections with their defaults', () => {
    const { certification: _c, controls: _k, ...older } = DEFAULT_AGREEMENT_TERMS;
    const parsed = AgreementTerms.parse(older);
    expect(parsed.certification.cycleYears).toEqual({ value: 3, origin: 'scheme' });
    expect(parsed.controls.disabled).toEqual([]);
  });
});

describe('Schema: AgreementInput', () => {
  it('accepts a minimal body and reads a value without origin as contract', () => {
    const parsed = AgreementInput.parse({
      effectiveFrom: '2026-12-01',
      kpiTargets: [{ kpi: 'serviceLevel', channel: 'voice', direction: 'min', target: { value: 0.85 } }],
    });
    expect(parsed.kpiTargets?.[0]?.target).toEqual({ value: 0.85, origin: 'contract' });
    expect(parsed.origin).toBe('contract');
  });

  it('rejects what an agreement cannot mean, saying where', () => {
    const found = issues({
      effectiveFrom: '2026-02-30',
      timeZone: { value: 'Europe/Lyon' },
      kpiTargets: [
        { kpi: 'serviceLevel', channel: 'voice', direction: 'min', target: { value: 80 } },
        { kpi: 'abandonmentRate', channel: 'voice', direction: 'max', target: { value: 0.05, origin: 'iso' } },
      ],
      businessCalendar: {
        openingHours: { value: { monday: [{ opens: '18:00', closes: '09:00' }] } },
        publicHolidays: { value: 'XX' },
      },
      reportRecipients: [{ email: 'not-an-address' }],
      colour: 'blue',
    });
    expect(found).toHaveLength(8);
    expect(found).toEqual(
      expect.arrayContaining([
        'effectiveFrom: must be a calendar date YYYY-MM-DD',
        'timeZone.value: must be an IANA time zone such as Europe/Paris',
        'kpiTargets.0.target.value: a ratio is at most 1',
        expect.stringMatching(/^kpiTargets\.1\.target\.origin: /),
        'businessCalendar.openingHours.value.monday.0: opens must be before closes',
        'businessCalendar.publicHolidays.value: must be an ISO 3166-1 alpha-2 country whose public holidays are known, such as FR or GB',
        expect.stringMatching(/^reportRecipients\.0\.email: /),
        expect.stringContaining('colour'),
      ]),
    );
  });

  it('rejects two targets for the same KPI, channel and queue', () => {
    const target = { kpi: 'abandonmentRate', channel: 'voice', direction: 'max', target: { value: 0.05 } };
    expect(issues({ effectiveFrom: '2026-12-01', kpiTargets: [target, target] })).toEqual([
      'kpiTargets.1: a second target for abandonmentRate on voice',
    ]);
    expect(issues({ effectiveFrom: '2026-12-01', kpiTargets: [target, { ...target, queue: 'vip' }] })).toEqual([]);
  });
});

describe('Schema: business calendar holidays', () => {
  const calendar = (businessCalendar: object) => ({ effectiveFrom: '2026-12-01', businessCalendar });
  const open = { value: { monday: [{ opens: '09:00', closes: '18:00' }] } };

  it('takes a region of the country, with its origin, and keeps a calendar without one valid', () => {
    const strasbourg = AgreementInput.parse(
      calendar({ openingHours: open, publicHolidays: { value: 'FR' }, region: { value: '67', origin: 'law' } }),
    );
    expect(strasbourg.businessCalendar?.region).toEqual({ value: '67', origin: 'law' });
    expect(strasbourg.businessCalendar?.publicHolidays).toEqual({ value: 'FR', origin: 'contract' });
    const leeds = AgreementInput.parse(
      calendar({ openingHours: open, publicHolidays: { value: 'GB' }, region: { value: 'ENG' } }),
    );
    expect(leeds.businessCalendar?.region).toEqual({ value: 'ENG', origin: 'contract' });
    // A version stored before regions existed has none, and still parses.
    const stored = { ...DEFAULT_AGREEMENT_TERMS, businessCalendar: { ...DEFAULT_AGREEMENT_TERMS.businessCalendar } };
    expect(stored.businessCalendar).not.toHaveProperty('region');
    expect(AgreementTerms.parse(stored).businessCalendar.region).toBeUndefined();
    expect(issues(calendar({ openingHours: open, publicHolidays: { value: 'MA' } }))).toEqual([]);
  });

  it('refuses a region the country does not have, naming the ones it has', () => {
    expect(issues(calendar({ openingHours: open, publicHolidays: { value: 'FR' }, region: { value: 'ENG' } }))).toEqual(
      [
        'businessCalendar.region.value: no public holidays known for region ENG; known for FR: 57, 67, 68, YT, MQ, GP, GF, RE, MF, BL',
      ],
    );
    expect(issues(calendar({ openingHours: open, publicHolidays: { value: null }, region: { value: '67' } }))).toEqual([
      'businessCalendar.region.value: a region needs the country of publicHolidays',
    ]);
  });
});
