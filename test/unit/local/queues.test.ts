/**
 * The local SQS stand-in: the real SQS client's SendMessage / SendMessageBatch / GetQueueUrl against the bus's
 * port (the client checks the MD5 of each body), delivery as an SQSEvent in batches, `batchItemFailures` and a
 * thrown batch redelivered with a growing receive count, and the dead-letter line with the reason.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetQueueUrlCommand,
  QueueDoesNotExist,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalEventBus, startLocalEventBus } from '../../../infra/local/event-bus/index.js';
import { createLocalQueues } from '../../../infra/local/queues/index.js';

const dir = mkdtempSync(join(tmpdir(), 'local-queues-'));
const events: SQSEvent[] = [];
/** Bodies the consumer fails: by batchItemFailures, or by throwing when the body says so. */
const queues = createLocalQueues({
  dir,
  queues: [
    {
      name: 'work',
      batchSize: 3,
      visibilityDelayMs: 5,
      consumer: async (event): Promise<SQSBatchResponse> => {
        events.push(event);
        if (event.Records.some((r) => r.body === 'throw')) throw new Error('the consumer crashed');
        return {
          batchItemFailures: event.Records.filter((r) => r.body.startsWith('fail')).map((r) => ({
            itemIdentifier: r.messageId,
          })),
        };
      },
    },
  ],
});
let bus: LocalEventBus;
let sqs: SQSClient;
let url = '';

beforeAll(async () => {
  bus = await startLocalEventBus({
    port: 0,
    busName: 'queues-test',
    targets: [],
    deadLetterFile: join(dir, 'events.jsonl'),
    otherAwsOperations: queues.awsOperations(() => url),
  });
  url = bus.url;
  sqs = new SQSClient({
    region: 'eu-west-3',
    endpoint: bus.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  sqs.destroy();
  await queues.close();
  await bus.close();
});

describe('Local SQS queues', () => {
  it('takes messages from the real SQS client and delivers them in batches as an SQSEvent', async () => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'work' }));
    expect(QueueUrl).toBe(`${bus.url}/000000000000/work`);
    const one = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a' }));
    const batch = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: ['b', 'c', 'd', ''].map((MessageBody, i) => ({ Id: `e${i}`, MessageBody })),
      }),
    );
    expect(one.MessageId).toBeTruthy();
    expect(batch.Successful?.map((s) => s.Id)).toEqual(['e0', 'e1', 'e2']);
    expect(batch.Failed).toEqual([expect.objectContaining({ Id: 'e3', SenderFault: true })]);
    await queues.idle();
    const records = events.flatMap((e) => e.Records);
    expect(records.map((r) => r.body).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(Math.max(...events.map((e) => e.Records.length))).toBeLessThanOrEqual(3);
    expect(records[0]).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-3:000000000000:work',
      attributes: { ApproximateReceiveCount: '1' },
    });
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'other' }))).rejects.toBeInstanceOf(QueueDoesNotExist);
  });

  it('redelivers reported and thrown failures, then dead-letters them after the third receive with the reason', async () => {
    events.length = 0;
    const QueueUrl = queues.urlOf(bus.url, 'work');
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'fail-1' }));
    await queues.idle();
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'throw' }));
    await queues.idle();
    const counts = events.flatMap((e) => e.Records.map((r) => `${r.body}:${r.attributes.ApproximateReceiveCount}`));
    expect(counts).toEqual(['fail-1:1', 'fail-1:2', 'fail-1:3', 'throw:1', 'throw:2', 'throw:3']);
    const lines = readFileSync(queues.deadLetterFile('work'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.body, l.receiveCount, l.reason])).toEqual([
      ['fail-1', 3, 'reported in batchItemFailures'],
      ['throw', 3, 'the consumer crashed'],
    ]);
  });

  it('refuses a batch of more than ten entries, as SQS does', async () => {
    const Entries = Array.from({ length: 11 }, (_, i) => ({ Id: String(i), MessageBody: 'x' }));
    await expect(
      sqs.send(new SendMessageBatchCommand({ QueueUrl: queues.urlOf(bus.url, 'work'), Entries })),
    ).rejects.toMatchObject({ name: 'TooManyEntriesInBatchRequest' });
  });
});
