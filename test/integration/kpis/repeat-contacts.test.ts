import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { ContactCompletedDetail } from '../../../events/telephony.js';
import { KpiQuery } from '../../../shared/app/kpi-query.js';
import { AgreementPolicyLookup, AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { DynamoContactRecorder } from '../../../shared/store/dynamo-contact-recorder.js';
import { KpiRepository } from '../../../shared/store/kpi-repository.js';
import { standInConfig, testDocumentClient } from '../../support/stand-ins.js';

const { tableName } = standInConfig();
const db = testDocumentClient();
const agreements = new AgreementRepository(db, tableName);
const recorder = new DynamoContactRecorder(db, tableName, new AgreementPolicyLookup(agreements, 0));
const kpis = new KpiQuery(new KpiRepository(db, tableName), agreements);

/** A handled voice call of customer `c-1` about `reason`, on the given day of November 2026 at 10:00 Paris time. */
function call(tenantId: string, contactId: string, day: number, extra: Partial<ContactCompletedDetail> = {}) {
  const at = `2026-11-${String(day).padStart(2, '0')}T10:00:00+01:00`;
  const end = `2026-11-${String(day).padStart(2, '0')}T10:05:00+01:00`;
  return {
    schemaVersion: 1,
    tenantId,
    centerId: 'lyon-1',
    contactId,
    channel: 'voice',
    direction: 'inbound',
    queue: 'billing',
    customerRef: 'c-1',
    reason: 'invoice-question',
    initiatedAt: at,
    answeredAt: `2026-11-${String(day).padStart(2, '0')}T10:00:10+01:00`,
    endedAt: end,
    occurredAt: end,
    outcome: 'handled',
    ...extra,
  } satisfies ContactCompletedDetail;
}

async function rateByDay(tenantId: string) {
  const report = await kpis.report({
    tenantId,
    from: '2026-11-02',
    to: '2026-11-20',
    granularity: 'day',
    channel: 'voice',
  });
  return Object.fromEntries(
    report.series
      .filter((s) => s.repeatContactResolutionRate !== null)
      .map((s) => [s.period, s.repeatContactResolutionRate]),
  );
}

async function repeatedBy(tenantId: string, contactId: string) {
  const out = await db.send(
    new GetCommand({ TableName: tableName, Key: { pk: `T#${tenantId}#CONTACT#${contactId}`, sk: 'CONTACT' } }),
  );
  return out.Item?.repeatedBy;
}

describe('Use case: first-contact resolution by the repeat-contact method', () => {
  const scenario = [
    (t: string) => call(t, 'first', 2),
    // Same customer, same reason, 3 days later: the first call did not resolve it
    (t: string) =>
      call(t, 'second', 5, {
        channel: 'email',
        answeredAt: '2026-11-05T12:00:00+01:00',
        endedAt: '2026-11-05T12:00:00+01:00',
        occurredAt: '2026-11-05T12:00:00+01:00',
      }),
    // A different reason does not make `second` repeated
    (t: string) => call(t, 'other-reason', 6, { reason: 'move-house' }),
    // Beyond the default 7-day window from `second`
    (t: string) => call(t, 'much-later', 13),
  ];

  it.each([
    ['in order', [0, 1, 2, 3]],
    ['in reverse', [3, 2, 1, 0]],
    ['shuffled, with replays', [1, 3, 0, 1, 2, 0, 3]],
  ])('marks the same contacts repeated whatever the arrival order (%s)', async (_order, sequence) => {
    // Prepare
    const tenantId = `rep-${crypto.randomUUID().slice(0, 8)}`;

    // Act
    for (const i of sequence) await recorder.record(scenario[i]!(tenantId) as ContactCompletedDetail);

    // Assess
    expect(await repeatedBy(tenantId, 'first')).toBe('second');
    expect(await repeatedBy(tenantId, 'second')).toBeUndefined();
    expect(await repeatedBy(tenantId, 'other-reason')).toBeUndefined();
    expect(await rateByDay(tenantId)).toEqual({
      '2026-11-02': 0,
      '2026-11-06': 1,
      '2026-11-13': 1,
    });
  });

  it('counts a contact repeated once when two later contacts both repeat it', async () => {
    const tenantId = `rep-${crypto.randomUUID().slice(0, 8)}`;
    await Promise.all([call(tenantId, 'b', 3), call(tenantId, 'c', 4)].map((c) => recorder.record(c)));
    await recorder.record(call(tenantId, 'a', 2));

    const report = await kpis.report({
      tenantId,
      from: '2026-11-02',
      to: '2026-11-02',
      granularity: 'day',
      channel: 'voice',
    });
    expect(report.series[0]?.repeatContactResolutionRate).toBe(0);
    expect(await repeatedBy(tenantId, 'a')).toMatch(/^[bc]$/);
  });
});
