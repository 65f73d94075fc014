import { describe, expect, it } from 'vitest';
import { AgreementInput, type AgreementVersion } from '../../../../../shared/domain/agreement/agreement-schema.js';
import {
  assertNoRetroactiveTimeZoneChange,
  buildVersion,
  businessCalendarOf,
  RetroactiveTimeZoneChangeError,
  versionInForceAt,
  versionInForceOn,
} from '../../../../../shared/domain/agreement/agreement-versions.js';
import { isBusinessDay } from '../../../../../shared/domain/calendar/business-calendar.js';

const TENANT = 'acme-energy';

function version(n: number, body: Record<string, unknown>): AgreementVersion {
  return buildVersion(AgreementInput.parse(body), {
    tenantId: TENANT,
    version: n,
    recordedAt: '2026-01-01T00:00:00Z',
    recordedBy: 'officer',
  });
}

describe('Function: versionInForceOn', () => {
  const v1 = version(1, { effectiveFrom: '2026-01-01' });
  const v2 = version(2, { effectiveFrom: '2026-03-01' });
  const v3 = version(3, { effectiveFrom: '2026-03-01', reference: 'correction' });

  it('applies the default before the first version, then each version from its first day', () => {
    expect(versionInForceOn(TENANT, [v2, v1], '2025-12-31').version).toBe(0);
    expect(versionInForceOn(TENANT, [v2, v1], '2026-01-01').version).toBe(1);
    expect(versionInForceOn(TENANT, [v2, v1], '2026-02-28').version).toBe(1);
    expect(versionInForceOn(TENANT, [v2, v1], '2026-03-01').version).toBe(2);
  });

  it('lets a later version effective the same day correct an earlier one', () => {
    expect(versionInForceOn(TENANT, [v3, v2, v1], '2026-03-01').version).toBe(3);
  });
});

describe('Function: versionInForceAt', () => {
  it("starts a version at midnight of the tenant's zone, not UTC", () => {
    const v1 = version(1, { effectiveFrom: '2026-07-01' });
    // 23:30 UTC on 30 June is 01:30 on 1 July in Paris
    expect(versionInForceAt(TENANT, [v1], '2026-06-30T23:30:00Z').version).toBe(1);
    expect(versionInForceAt(TENANT, [v1], '2026-06-30T21:59:00Z').version).toBe(0);
  });
});

describe('Function: buildVersion', () => {
  it('fills sections left out from the default, channel by channel for thresholds', () => {
    const v = version(4, {
      effectiveFrom: '2026-05-01',
      thresholds: {
        voice: { serviceLevelSeconds: { value: 30 }, shortAbandonSeconds: { value: 10, origin: 'internal' } },
      },
    });
    expect(v.thresholds.voice.serviceLevelSeconds).toEqual({ value: 30, origin: 'contract' });
    expect(v.thresholds.chat.serviceLevelSeconds).toEqual({ value: 20, origin: 'internal' });
    expect(v.retention.contactRecordDays).toEqual({ value: 396, origin: 'internal' });
    expect(v).toMatchObject({ version: 4, effectiveFrom: '2026-05-01', origin: 'contract' });
  });

  it('turns opening hours into a business calendar', () => {
    const v = version(1, { effectiveFrom: '2026-05-01' });
    const calendar = businessCalendarOf(v);
    expect(calendar.openingHours[0]).toEqual([]);
    expect(calendar.openingHours[1]).toEqual([{ opens: '09:00', closes: '18:00' }]);
    expect(calendar.publicHolidays).toBe('FR');
  });

  it('carries the region of the agreement, so a Strasbourg centre closes on Good Friday', () => {
    const open = { value: { friday: [{ opens: '09:00', closes: '18:00' }] } };
    const strasbourg = version(1, {
      effectiveFrom: '2026-01-01',
      businessCalendar: { openingHours: open, publicHolidays: { value: 'FR' }, region: { value: '67' } },
    });
    const lyon = version(1, {
      effectiveFrom: '2026-01-01',
      businessCalendar: { openingHours: open, publicHolidays: { value: 'FR' } },
    });
    expect(isBusinessDay('2026-04-03', businessCalendarOf(strasbourg))).toBe(false);
    expect(isBusinessDay('2026-04-03', businessCalendarOf(lyon))).toBe(true);
  });
});

describe('Function: assertNoRetroactiveTimeZoneChange', () => {
  const london = (from: string) => version(2, { effectiveFrom: from, timeZone: { value: 'Europe/London' } });

  it('refuses a new zone for days already begun, and accepts it from today on', () => {
    expect(() => assertNoRetroactiveTimeZoneChange(TENANT, [], london('2026-05-01'), '2026-05-10')).toThrow(
      RetroactiveTimeZoneChangeError,
    );
    expect(() => assertNoRetroactiveTimeZoneChange(TENANT, [], london('2026-05-11'), '2026-05-10')).not.toThrow();
  });

  it('accepts retroactive changes of targets in the same zone', () => {
    const v = version(2, { effectiveFrom: '2026-01-01', kpiTargets: [] });
    expect(() => assertNoRetroactiveTimeZoneChange(TENANT, [], v, '2026-05-10')).not.toThrow();
  });
});
