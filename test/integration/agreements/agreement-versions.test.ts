import { describe, expect, it } from 'vitest';
import { AddAgreementVersion } from '../../../shared/app/add-agreement-version.js';
import { complaintRegisterPolicy } from '../../../shared/app/complaint-register-check.js';
import { KpiQuery } from '../../../shared/app/kpi-query.js';
import { AgreementInput } from '../../../shared/domain/agreement/agreement-schema.js';
import { RetroactiveTimeZoneChangeError } from '../../../shared/domain/agreement/agreement-versions.js';
import {
  DEFAULT_AGREEMENT_TERMS,
  defaultAgreementVersion,
} from '../../../shared/domain/agreement/default-agreement.js';
import { competenceRequirements } from '../../../shared/domain/competence/competence-requirements.js';
import { AgreementPolicyLookup, AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { DynamoContactRecorder } from '../../../shared/store/dynamo-contact-recorder.js';
import { KpiRepository } from '../../../shared/store/kpi-repository.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { standInConfig, testDocumentClient } from '../../support/stand-ins.js';

const { tableName } = standInConfig();
const db = testDocumentClient();
const agreements = new AgreementRepository(db, tableName);
const addVersion = new AddAgreementVersion(agreements, new DynamoLedgerRepository(db, tableName));
const tenant = () => `agr-${crypto.randomUUID().slice(0, 8)}`;
const author = (recordedAt: string) => ({
  recordedBy: 'officer-1',
  role: 'compliance-officer',
  recordedAt: new Date(recordedAt),
});
const body = (value: Record<string, unknown>) => AgreementInput.parse(value);

/** A voice call answered after `wait` seconds, at 10:00 Paris time on a day of November 2026. */
function call(tenantId: string, id: string, day: string, wait: number) {
  const at = Date.parse(`${day}T10:00:00+01:00`);
  return {
    schemaVersion: 1 as const,
    tenantId,
    centerId: 'lyon-1',
    contactId: id,
    channel: 'voice' as const,
    direction: 'inbound' as const,
    queue: 'billing',
    initiatedAt: new Date(at).toISOString(),
    answeredAt: new Date(at + wait * 1000).toISOString(),
    endedAt: new Date(at + 600_000).toISOString(),
    occurredAt: new Date(at + 600_000).toISOString(),
    outcome: 'handled' as const,
  };
}

describe('Repository: agreement versions', () => {
  it('numbers versions without gaps or duplicates when added concurrently, and keeps them all', async () => {
    // Prepare
    const tenantId = tenant();

    // Act
    const added = await Promise.all(
      ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01'].map((effectiveFrom) =>
        addVersion.add(tenantId, body({ effectiveFrom }), author('2025-12-01T00:00:00Z')),
      ),
    );

    // Assess
    expect(added.map((a) => a.version.version).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(added.map((a) => a.entry?.sequence).sort()).toEqual([1, 2, 3, 4, 5]);
    const stored = await agreements.versions(tenantId);
    expect(stored.map((v) => v.effectiveFrom)).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
      '2026-04-01',
      '2026-05-01',
    ]);
    expect(stored[0]).toMatchObject({ tenantId, recordedBy: 'officer-1', recordedAt: '2025-12-01T00:00:00.000Z' });
  });

  it('refuses to move days already counted to another time zone', async () => {
    const tenantId = tenant();
    await new DynamoContactRecorder(db, tableName, new AgreementPolicyLookup(agreements, 0)).record(
      call(tenantId, 'counted', '2026-01-15', 10),
    );
    await expect(
      addVersion.add(
        tenantId,
        body({ effectiveFrom: '2026-01-01', timeZone: { value: 'Europe/London' } }),
        author('2026-02-01T00:00:00Z'),
      ),
    ).rejects.toBeInstanceOf(RetroactiveTimeZoneChangeError);
    expect(await agreements.versions(tenantId)).toEqual([]);
  });

  it("lets a tenant's first version set its zone from a past date while none of its days is counted", async () => {
    const tenantId = tenant();
    const added = await addVersion.add(
      tenantId,
      body({ effectiveFrom: '2026-01-01', timeZone: { value: 'Europe/London' } }),
      author('2026-02-01T00:00:00Z'),
    );
    expect(added.version).toMatchObject({ version: 1, timeZone: { value: 'Europe/London', origin: 'contract' } });
  });

  it('counts contacts on the days of the zone and retention of the version in force when they arrived', async () => {
    // Prepare: London from 1 March 2026 (decided in 2025), contacts kept 30 days
    const tenantId = tenant();
    await addVersion.add(
      tenantId,
      body({
        effectiveFrom: '2026-03-01',
        timeZone: { value: 'Europe/London' },
        retention: {
          contactRecordDays: { value: 30 },
          recordings: {
            training_qa: { value: 90 },
            contract_proof: { value: 365 },
            regulatory: { value: 1826, origin: 'law' },
            complaint_evidence: { value: 365 },
          },
        },
      }),
      author('2025-12-01T00:00:00Z'),
    );
    const lookup = new AgreementPolicyLookup(agreements, 0);

    // Act
    const before = await lookup.policyFor(tenantId, '2026-02-28T23:30:00Z');
    const after = await lookup.policyFor(tenantId, '2026-03-01T23:30:00Z');

    // Assess: 23:30 UTC on 1 March is still 1 March in London (it would be 2 March in Paris)
    const competence = competenceRequirements(DEFAULT_AGREEMENT_TERMS.training);
    const complaintRegister = complaintRegisterPolicy(defaultAgreementVersion(tenantId));
    const defaults = { repeatContactWindowDays: 7, competence, complaintRegister };
    expect(before).toEqual({ timeZone: 'Europe/Paris', retentionDays: 396, ...defaults });
    expect(after).toEqual({ timeZone: 'Europe/London', retentionDays: 30, ...defaults });
  });
});

describe('Use case: KPI status follows the agreement in force each day', () => {
  it('reads the same waits as met under one version and missed under the next', async () => {
    // Prepare: two calls a day answered in 15 s and 18 s; from 3 November the target is 0.5 within 10 s
    const tenantId = tenant();
    const recorder = new DynamoContactRecorder(db, tableName, new AgreementPolicyLookup(agreements, 0));
    for (const day of ['2026-11-02', '2026-11-03']) {
      await recorder.record(call(tenantId, `${day}-a`, day, 15));
      await recorder.record(call(tenantId, `${day}-b`, day, 18));
    }
    await addVersion.add(
      tenantId,
      body({
        effectiveFrom: '2026-11-03',
        thresholds: { voice: { serviceLevelSeconds: { value: 10 }, shortAbandonSeconds: { value: 5 } } },
        kpiTargets: [
          {
            kpi: 'serviceLevel',
            channel: 'voice',
            direction: 'min',
            target: { value: 0.5 },
            warningMargin: { value: 0.1, origin: 'internal' },
          },
        ],
      }),
      author('2026-10-01T00:00:00Z'),
    );

    // Act
    const report = await new KpiQuery(new KpiRepository(db, tableName), agreements).report({
      tenantId,
      from: '2026-11-02',
      to: '2026-11-03',
      granularity: 'day',
      channel: 'voice',
    });

    // Assess: 2 November under the default (20 s, ≥ 0.80): 2 of 2; 3 November under version 1 (10 s, ≥ 0.50): 0 of 2
    expect(report.series.map((s) => [s.period, s.serviceLevel, s.status.serviceLevel, s.agreementVersion])).toEqual([
      ['2026-11-02', 1, 'met', 0],
      ['2026-11-03', 0, 'missed', 1],
    ]);
    expect(report.series[1]?.targets.serviceLevel).toEqual({
      target: 0.5,
      direction: 'min',
      warningMargin: 0.1,
      origin: 'contract',
    });
    expect(report.series[1]?.status.abandonmentRate).toBe('no-target');
    expect(report.series[0]?.status.abandonmentRate).toBe('met');
  });
});
