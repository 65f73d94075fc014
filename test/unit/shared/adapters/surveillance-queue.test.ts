import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsSurveillanceQueue } from '../../../../shared/adapters/surveillance-queue.js';
import type { SurveillanceMessage } from '../../../../shared/app/surveillance.js';

const sqs = mockClient(SQSClient);
const fast = { retries: 2, minTimeout: 1, maxTimeout: 1, factor: 1, randomize: false };
const messages: SurveillanceMessage[] = Array.from({ length: 23 }, (_, i) => ({
  tenantId: `t${i}`,
  day: '2026-12-03',
  scheduledTime: '2026-12-03T04:00:00.000Z',
  missedDays: [],
}));

beforeEach(() => sqs.reset());

describe('The surveillance queue over SQS', () => {
  it('sends ten entries a call and sends the refused entries again', async () => {
    let refusedOnce = false;
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: { Id: string }[] }) => {
      const refuse = !refusedOnce && input.Entries.length === 10;
      refusedOnce ||= refuse;
      return { Successful: [], Failed: refuse ? [{ Id: '4', SenderFault: false, Code: 'InternalError' }] : [] };
    });
    const queue = new SqsSurveillanceQueue(new SQSClient({ region: 'eu-west-3' }), 'https://sqs/q', fast);
    expect(await queue.send(messages)).toEqual({ failed: [] });
    const calls = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries?.length);
    expect(calls.sort()).toEqual([1, 10, 10, 3].sort());
    const retried = sqs.commandCalls(SendMessageBatchCommand).find((c) => c.args[0].input.Entries?.length === 1);
    expect(JSON.parse(retried?.args[0].input.Entries?.[0]?.MessageBody ?? '{}')).toMatchObject({ tenantId: 't4' });
  });

  it('hands back what SQS kept refusing, and a batch whose calls kept failing', async () => {
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: { Id: string; MessageBody: string }[] }) => {
      if (input.Entries.some((e) => e.MessageBody.includes('"t20"'))) throw new Error('throttled');
      return { Successful: [], Failed: input.Entries.filter((e) => e.Id === '0').map((e) => ({ Id: e.Id })) };
    });
    const queue = new SqsSurveillanceQueue(new SQSClient({ region: 'eu-west-3' }), 'https://sqs/q', fast);
    const { failed } = await queue.send(messages);
    expect(failed.map((m) => m.tenantId).sort()).toEqual(['t0', 't10', 't20', 't21', 't22']);
  });
});
