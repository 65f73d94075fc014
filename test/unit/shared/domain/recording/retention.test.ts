import { describe, expect, it } from 'vitest';
import { AgreementInput } from '../../../../../shared/domain/agreement/agreement-schema.js';
import { buildVersion, versionInForceAt } from '../../../../../shared/domain/agreement/agreement-versions.js';
import { defaultAgreementVersion } from '../../../../../shared/domain/agreement/default-agreement.js';
import { recordingRetention } from '../../../../../shared/domain/recording/retention.js';

const TENANT = 'acme-energy';

describe('Function: recordingRetention', () => {
  it('keeps a recording of no stated class six months (training_qa, internal) under the default agreement', () => {
    const retention = recordingRetention(defaultAgreementVersion(TENANT), undefined, '2026-01-10T09:30:00.000Z');
    expect(retention).toEqual({
      retentionClass: 'training_qa',
      retentionDays: 183,
      retentionOrigin: 'internal',
      deleteAfter: '2026-07-12T09:30:00.000Z',
    });
  });

  it('takes the days and origin of the class the event names, from the agreement', () => {
    const version = buildVersion(
      AgreementInput.parse({
        effectiveFrom: '2026-01-01',
        retention: {
          contactRecordDays: { value: 400, origin: 'contract' },
          recordings: {
            training_qa: { value: 90, origin: 'contract' },
            contract_proof: { value: 1_826, origin: 'law' },
            regulatory: { value: 1_826, origin: 'law' },
            complaint_evidence: { value: 30, origin: 'contract' },
          },
        },
      }),
      { tenantId: TENANT, version: 1, recordedAt: '2026-01-01T00:00:00Z', recordedBy: 'officer' },
    );
    expect(recordingRetention(version, 'complaint_evidence', new Date('2026-02-01T23:59:59.500Z'))).toEqual({
      retentionClass: 'complaint_evidence',
      retentionDays: 30,
      retentionOrigin: 'contract',
      deleteAfter: '2026-03-03T23:59:59.500Z',
    });
    expect(recordingRetention(version, undefined, '2026-02-01T00:00:00Z').retentionDays).toBe(90);
    expect(recordingRetention(version, 'contract_proof', '2026-02-01T00:00:00Z').retentionOrigin).toBe('law');
  });

  it('counts whole 24-hour days across a daylight-saving change', () => {
    const version = defaultAgreementVersion(TENANT);
    // Paris moves to summer time on 2026-03-29: the instant is still exactly 183 × 24 h later.
    const at = '2026-03-01T12:00:00.000Z';
    const { deleteAfter } = recordingRetention(version, 'training_qa', at);
    expect(Date.parse(deleteAfter) - Date.parse(at)).toBe(183 * 86_400_000);
  });

  it('uses the agreement version in force when the recording was made, not the latest', () => {
    const v1 = buildVersion(AgreementInput.parse({ effectiveFrom: '2026-01-01' }), {
      tenantId: TENANT,
      version: 1,
      recordedAt: '2026-01-01T00:00:00Z',
      recordedBy: 'officer',
    });
    const v2 = {
      ...v1,
      version: 2,
      effectiveFrom: '2026-06-01',
      retention: {
        ...v1.retention,
        recordings: { ...v1.retention.recordings, training_qa: { value: 30, origin: 'contract' as const } },
      },
    };
    const may = versionInForceAt(TENANT, [v1, v2], '2026-05-31T12:00:00Z');
    const june = versionInForceAt(TENANT, [v1, v2], '2026-06-01T12:00:00Z');
    expect(recordingRetention(may, undefined, '2026-05-31T12:00:00Z').retentionDays).toBe(183);
    expect(recordingRetention(june, undefined, '2026-06-01T12:00:00Z').retentionDays).toBe(30);
  });

  it('refuses an instant that is not one', () => {
    expect(() => recordingRetention(defaultAgreementVersion(TENANT), undefined, 'yesterday')).toThrow(RangeError);
  });
});
