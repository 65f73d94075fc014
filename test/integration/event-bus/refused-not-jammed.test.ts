import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalEventBus, startLocalEventBus } from '../../../infra/local/event-bus/index.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';

const config = useStandInEnvironment();
const { handler } = await import('../../../functions/record-contact-completed/handler.js');
const db = testDocumentClient();
const BUS = 'ccc-compliance';
const tenantId = `jam-${crypto.randomUUID().slice(0, 8)}`;
const sampleText = readFileSync('events/samples/contact.completed.json', 'utf8').replace(
  '"acme-energy"',
  `"${tenantId}"`,
);

function nested(depth: number): unknown {
  return depth === 0 ? 'leaf' : { level: nested(depth - 1) };
}

/** The inputs that used to fail in DynamoDB on every retry and end in the bus's dead letters. */
const DETAILS = [
  sampleText.replace('"talkSeconds": 356', '"talkSeconds": 1e200').replace('c-20261102-000123', 'c-big'),
  sampleText.replace('"talkSeconds": 356', '"talkSeconds": 1e400').replace('c-20261102-000123', 'c-inf'),
  sampleText.replaceAll('2026-11-02T', '9999-12-31T').replace('c-20261102-000123', 'c-9999'),
  JSON.stringify({ ...JSON.parse(sampleText), contactId: 'c-deep', extra: nested(40) }),
];

describe('Local event bus + record-contact-completed: no input jams delivery', () => {
  let dir: string;
  let bus: LocalEventBus;
  let client: EventBridgeClient;
  let attempts = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bus-jam-'));
    bus = await startLocalEventBus({
      port: 0,
      busName: BUS,
      targets: [
        {
          ruleName: 'ContactCompletedToRecordContact',
          targetName: 'record-contact-completed',
          eventPattern: { source: ['ccc.telephony'], 'detail-type': ['contact.completed'] },
          invoke: async (event) => {
            attempts++;
            await handler(event, { functionName: 'record-contact-completed', awsRequestId: 't' } as Context);
          },
        },
      ],
      deadLetterFile: join(dir, 'events', 'dead-letters.jsonl'),
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    });
    client = new EventBridgeClient({
      endpoint: bus.url,
      region: 'eu-west-3',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
  });

  afterAll(async () => {
    client.destroy();
    await bus.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses each once, as a dead letter listed by `dead-letters -- invalid`, and leaves the bus dead letters empty', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: DETAILS.map((Detail) => ({
          Source: 'ccc.telephony',
          DetailType: 'contact.completed',
          Detail,
          EventBusName: BUS,
        })),
      }),
    );
    await bus.idle();

    expect(result.FailedEntryCount).toBe(0);
    expect(attempts).toBe(DETAILS.length);
    expect(await bus.deadLetters.list()).toEqual([]);
    const refused = await db.send(
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `T#${tenantId}#DEADLETTER` },
      }),
    );
    expect(refused.Items?.map((i) => i.event.detail.contactId).sort()).toEqual(['c-9999', 'c-big', 'c-deep', 'c-inf']);
  });
});
