import { beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ContactCompletedDetail } from '../../../events/telephony.js';
import { KpiQuery } from '../../../shared/app/kpi-query.js';
import { defaultPolicyLookup } from '../../../shared/app/record-contact.js';
import type { KpiSeriesEntry } from '../../../shared/domain/kpi/kpi-series.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { DynamoContactRecorder } from '../../../shared/store/dynamo-contact-recorder.js';
import { KpiRepository } from '../../../shared/store/kpi-repository.js';
import { standInConfig, testDocumentClient } from '../../support/stand-ins.js';
import { generateContacts, inParallel } from './support/contact-generator.js';
import { referenceDay, referenceKpis } from './support/reference-kpis.js';

const { tableName } = standInConfig();
const db = testDocumentClient();
const tenantId = `month-${crypto.randomUUID().slice(0, 8)}`;
const PARIS = 'Europe/Paris';
const THRESHOLDS: Record<Channel, { serviceLevelSeconds: number; shortAbandonSeconds: number }> = {
  voice: { serviceLevelSeconds: 20, shortAbandonSeconds: 5 },
  chat: { serviceLevelSeconds: 20, shortAbandonSeconds: 5 },
  email: { serviceLevelSeconds: 86_400, shortAbandonSeconds: 0 },
  social: { serviceLevelSeconds: 86_400, shortAbandonSeconds: 0 },
  messaging: { serviceLevelSeconds: 86_400, shortAbandonSeconds: 0 },
};

// October 2025 in Paris, 25-hour day included: from 1 October 00:00 +02:00 to 31 October 24:00 +01:00
const contacts = generateContacts({
  tenantId,
  count: 2_000,
  from: Date.parse('2025-09-30T22:00:00Z'),
  to: Date.parse('2025-10-31T23:00:00Z') - 1,
});

/** Counts every Query the KPI read sends and the items DynamoDB read for it. */
const reads = { queries: 0, scanned: 0, returned: 0 };
const countingDb = testDocumentClient();
countingDb.middlewareStack.add(
  (next, context) => async (args) => {
    const result = await next(args);
    if (context.commandName === 'QueryCommand') {
      const output = result.output as { ScannedCount?: number; Count?: number };
      reads.queries++;
      reads.scanned += output.ScannedCount ?? 0;
      reads.returned += output.Count ?? 0;
    }
    return result;
  },
  { step: 'initialize', name: 'countQueries' },
);
const kpis = new KpiQuery(new KpiRepository(countingDb, tableName), new AgreementRepository(countingDb, tableName));

function expectSame(entry: KpiSeriesEntry | undefined, slice: ContactCompletedDetail[]) {
  const expected = referenceKpis(slice, THRESHOLDS[entry?.channel as Channel]);
  expect(entry).toBeDefined();
  const actual = entry as KpiSeriesEntry;
  for (const field of ['offered', 'handled', 'abandoned', 'shortAbandoned', 'callbackRequested'] as const) {
    expect(actual[field], field).toBe(expected[field]);
  }
  for (const field of [
    'serviceLevel',
    'abandonmentRate',
    'averageSpeedOfAnswerSeconds',
    'averageHandleSeconds',
    'firstContactResolutionRate',
  ] as const) {
    if (expected[field] === null) expect(actual[field], field).toBeNull();
    // The API rounds ratios to 6 decimals and seconds to 2
    else expect(actual[field], field).toBeCloseTo(expected[field] as number, field.endsWith('Seconds') ? 2 : 5);
  }
  if (expected.waitP90Seconds === null) expect(actual.waitP90Seconds).toBeNull();
  else {
    const error = Math.abs((actual.waitP90Seconds as number) - expected.waitP90Seconds);
    expect(error, 'waitP90Seconds').toBeLessThanOrEqual(Math.max(1, 0.05 * expected.waitP90Seconds));
  }
}

describe('Use case: a month of KPIs from the aggregates equals KPIs from the raw contacts', () => {
  beforeAll(async () => {
    const recorder = new DynamoContactRecorder(db, tableName, defaultPolicyLookup);
    await inParallel(contacts, 16, (c) => recorder.record(c));
  }, 120_000);

  it('per day and channel, the 25-hour day included', async () => {
    const report = await kpis.report({ tenantId, from: '2025-10-01', to: '2025-10-31', granularity: 'day' });

    expect(report).toMatchObject({ tenantId, timeZone: PARIS, from: '2025-10-01', to: '2025-10-31' });
    expect(report.series).toHaveLength(31 * 4); // voice, email, chat with contacts; social with a target
    for (const entry of report.series) {
      const slice = contacts.filter(
        (c) => c.channel === entry.channel && referenceDay(c.initiatedAt, PARIS) === entry.period,
      );
      expectSame(entry, slice);
    }
  });

  it('for the month and the total, filtered by centre and by queue', async () => {
    for (const [granularity, filter] of [
      ['month', {}],
      ['total', { centerId: 'lyon-1' }],
      ['month', { queue: 'outages', channel: 'voice' as const }],
    ] as const) {
      const report = await kpis.report({ tenantId, from: '2025-10-01', to: '2025-10-31', granularity, ...filter });
      for (const entry of report.series) {
        const slice = contacts.filter(
          (c) =>
            c.channel === entry.channel &&
            ('centerId' in filter ? c.centerId === filter.centerId : true) &&
            ('queue' in filter ? c.queue === filter.queue : true),
        );
        expectSame(entry, slice);
        expect(entry.queue).toBe('queue' in filter ? filter.queue : undefined);
      }
    }
  });

  it('reads about one item per day and dimension, never the contacts', async () => {
    // Prepare
    const dimensions = new Set(
      contacts.map((c) => `${referenceDay(c.initiatedAt, PARIS)}|${c.channel}|${c.centerId}|${c.queue}`),
    );
    reads.queries = 0;
    reads.scanned = 0;
    reads.returned = 0;

    // Act
    await kpis.report({ tenantId, from: '2025-10-01', to: '2025-10-31', granularity: 'month' });

    // Assess: one Query for the month's aggregates and one for the agreement versions (none stored)
    expect(reads.queries).toBe(2);
    expect(reads.scanned).toBe(dimensions.size);
    expect(dimensions.size).toBeLessThanOrEqual(31 * 3 * 2 * 2);
    expect(reads.scanned).toBeLessThan(contacts.length / 5);
  });
});
