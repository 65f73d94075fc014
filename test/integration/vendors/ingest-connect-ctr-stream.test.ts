import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { KinesisStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import { type LocalEventBus, startLocalEventBus } from '../../../infra/local/event-bus/index.js';
import { ConnectCtrIngest } from '../../../shared/app/ingest-connect-ctr.js';
import { VendorMapping } from '../../../shared/domain/vendor/vendor-mapping.js';
import { DynamoDeadLetterRepository } from '../../../shared/store/dead-letter-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { context, fixture } from './vendor-harness.js';

const config = useStandInEnvironment();
const db = testDocumentClient();
// A tenant of its own, so that the contacts recorded here do not show in other tests' KPIs.
const tenantId = `t-ctr-${crypto.randomUUID().slice(0, 8)}`;
const INSTANCE = '7c1d9e2a-5b34-4f0e-9a61-0d2c8e4b7f15';
const mappingText = JSON.stringify({
  instances: [{ vendor: 'amazon-connect', instance: INSTANCE, default: { tenantId, centerId: 'lyon-1' } }],
});

let handler: (
  event: KinesisStreamEvent,
  ctx: ReturnType<typeof context>,
) => Promise<{
  batchItemFailures: Array<{ itemIdentifier: string }>;
}>;

/** The bus the function announces recordings on, and what it received. */
let bus: LocalEventBus;
const announced: EventBridgeEvent[] = [];

beforeAll(async () => {
  bus = await startLocalEventBus({
    port: 0,
    busName: config.eventBusName,
    deadLetterFile: join(mkdtempSync(join(tmpdir(), 'ccc-ctr-bus-')), 'dead-letters.jsonl'),
    targets: [
      {
        ruleName: 'RecordingAvailableToIngest',
        targetName: 'ingest-recording',
        eventPattern: { source: ['ccc.telephony'], 'detail-type': ['recording.available'] },
        invoke: async (event) => void announced.push(event),
      },
    ],
  });
  process.env.EVENTS_ENDPOINT = bus.url;
  process.env.VENDOR_MAPPING = mappingText;
  ({ handler } = await import('../../../functions/ingest-connect-ctr-stream/handler.js'));
});

afterAll(async () => {
  await bus.close();
});

function kinesisEvent(payloads: string[]): KinesisStreamEvent {
  return {
    Records: payloads.map((payload, i) => ({
      eventID: `shardId-000000000000:${1000 + i}`,
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventName: 'aws:kinesis:record',
      eventSourceARN: 'arn:aws:kinesis:eu-west-3:111122223333:stream/connect-ctr',
      awsRegion: 'eu-west-3',
      invokeIdentityArn: 'arn:aws:iam::111122223333:role/ingest',
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: String(i),
        sequenceNumber: String(49_600_000_000 + i),
        approximateArrivalTimestamp: 1_793_600_000,
        data: Buffer.from(payload).toString('base64'),
      },
    })),
  };
}

describe('Function: ingest-connect-ctr-stream', () => {
  it('records contacts, skips tasks, dead-letters unusable records, and asks for no retry', async () => {
    const handled = { ...fixture('amazon-connect/ctr-voice-inbound-handled.json'), ContactId: crypto.randomUUID() };
    const abandoned = {
      ...fixture('amazon-connect/ctr-voice-abandoned-in-queue.json'),
      ContactId: crypto.randomUUID(),
    };
    const noEnd = { ...handled, ContactId: crypto.randomUUID(), DisconnectTimestamp: null };
    const payloads = [
      JSON.stringify(handled),
      JSON.stringify(abandoned),
      JSON.stringify(fixture('amazon-connect/ctr-task.json')),
      '{"ContactId": "truncated',
      JSON.stringify(noEnd),
      JSON.stringify(handled),
    ];

    const result = await handler(kinesisEvent(payloads), context('ingest-connect-ctr-stream'));

    expect(result).toEqual({ batchItemFailures: [] });
    for (const contact of [handled, abandoned]) {
      const stored = await db.send(
        new GetCommand({
          TableName: config.tableName,
          Key: { pk: `T#${tenantId}#CONTACT#${contact.ContactId}`, sk: 'CONTACT' },
        }),
      );
      expect(stored.Item?.contactId).toBe(contact.ContactId);
    }
    const letters = await db.send(
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'T#_unknown#DEADLETTER' },
      }),
    );
    const ours = letters.Items?.filter((l) =>
      ['shardId-000000000000:1003', 'shardId-000000000000:1004'].includes(l.id),
    );
    expect(ours?.map((l) => l.reason).sort()).toEqual([
      'DisconnectTimestamp is missing or not a date-time',
      'the record is not JSON',
    ]);
    // The dead letter keeps the record for diagnosis, but not the customer's phone number.
    expect(JSON.stringify(ours)).not.toContain('+33600000001');
    // The recorded call's recording is announced for ingestion, once per delivery of its record (ingestion is
    // idempotent); the abandoned call has none.
    await bus.idle();
    expect(announced.map((e) => e.detail)).toEqual([
      {
        schemaVersion: 1,
        tenantId,
        centerId: 'lyon-1',
        occurredAt: '2026-11-02T08:21:40.000Z',
        contactId: handled.ContactId,
        location: 's3://acme-connect-recordings/connect/2026/11/02/6a1f2b3c_20261102T08:14_UTC.wav',
        format: 'wav',
        durationSeconds: 423,
        recordedAt: '2026-11-02T08:14:37.000Z',
      },
      expect.objectContaining({ contactId: handled.ContactId }),
    ]);
  });

  it('reports the records that failed for a transient reason, and only those', async () => {
    let calls = 0;
    const ingest = new ConnectCtrIngest({
      recorder: {
        record: async () => {
          calls += 1;
          if (calls === 2)
            throw Object.assign(new Error('Throughput exceeded'), { name: 'ProvisionedThroughputExceededException' });
          return 'applied';
        },
      },
      deadLetters: new DynamoDeadLetterRepository(db, config.tableName),
      mapping: VendorMapping.parse(JSON.parse(mappingText)),
    });
    const records = [1, 2, 3].map((i) => ({
      id: `r${i}`,
      text: JSON.stringify({ ...fixture('amazon-connect/ctr-voice-inbound-handled.json'), ContactId: `c-${i}` }),
    }));
    const failed: string[] = [];

    const result = await ingest.ingestBatch(records, 1, (id) => failed.push(id));

    expect(result.outcomes).toEqual(['applied', 'failed', 'applied']);
    expect(result.counts).toEqual({ applied: 2, failed: 1 });
    expect(failed).toEqual(['r2']);
  });
});
