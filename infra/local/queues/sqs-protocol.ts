/**
 * The part of the SQS API the product sends with, over the AWS JSON 1.0 protocol (`X-Amz-Target: AmazonSQS.<op>`),
 * served by the local event bus's HTTP server (infra/local/event-bus/server.ts): `SendMessage`, `SendMessageBatch`
 * and `GetQueueUrl`. A queue is named by the last segment of its URL, as SQS's own URLs end with it. Limits as in
 * SQS: ten entries a batch, distinct ids, 256 KiB a body.
 */
import { z } from 'zod';
import { AwsServiceError } from '../event-bus/aws-json-protocol.js';
import type { LocalQueue } from './local-queue.js';

const MAX_BODY_BYTES = 256 * 1024;

const Delay = z.number().int().min(0).max(900).optional();
const SendMessage = z.object({ QueueUrl: z.string(), MessageBody: z.string(), DelaySeconds: Delay });
const SendMessageBatch = z.object({
  QueueUrl: z.string(),
  Entries: z.array(z.object({ Id: z.string(), MessageBody: z.string(), DelaySeconds: Delay })),
});
const GetQueueUrl = z.object({ QueueName: z.string() });

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AwsServiceError('InvalidParameterValue', z.prettifyError(parsed.error));
  return parsed.data;
}

function bodyProblem(body: string): string | undefined {
  if (body.length === 0) return 'The message body must not be empty.';
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) return `The message body is over ${MAX_BODY_BYTES} bytes.`;
  return undefined;
}

/** The operations by `X-Amz-Target`; `urlOf` gives a queue's URL as `GetQueueUrl` answers it. */
export function sqsOperations(
  queues: ReadonlyMap<string, LocalQueue>,
  urlOf: (name: string) => string,
): Record<string, (input: unknown) => unknown> {
  const queueAt = (url: string): LocalQueue => {
    const queue = queues.get(url.split('/').at(-1) ?? '');
    if (queue === undefined) throw new AwsServiceError('QueueDoesNotExist', 'The specified queue does not exist.');
    return queue;
  };
  return {
    'AmazonSQS.GetQueueUrl': (input) => {
      const { QueueName } = parse(GetQueueUrl, input);
      if (!queues.has(QueueName)) throw new AwsServiceError('QueueDoesNotExist', 'The specified queue does not exist.');
      return { QueueUrl: urlOf(QueueName) };
    },
    'AmazonSQS.SendMessage': (input) => {
      const { QueueUrl, MessageBody, DelaySeconds } = parse(SendMessage, input);
      const queue = queueAt(QueueUrl);
      const problem = bodyProblem(MessageBody);
      if (problem !== undefined) throw new AwsServiceError('InvalidParameterValue', problem);
      const { messageId, md5 } = queue.send(MessageBody, DelaySeconds);
      return { MessageId: messageId, MD5OfMessageBody: md5 };
    },
    'AmazonSQS.SendMessageBatch': (input) => {
      const { QueueUrl, Entries } = parse(SendMessageBatch, input);
      const queue = queueAt(QueueUrl);
      if (Entries.length === 0)
        throw new AwsServiceError('AWS.SimpleQueueService.EmptyBatchRequest', 'The batch request contains no entries.');
      if (Entries.length > 10)
        throw new AwsServiceError(
          'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
          'Maximum number of entries per request are 10.',
        );
      if (new Set(Entries.map((e) => e.Id)).size !== Entries.length)
        throw new AwsServiceError('AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 'Two entries have the same Id.');
      const Successful = [];
      const Failed = [];
      for (const entry of Entries) {
        const problem = bodyProblem(entry.MessageBody);
        if (problem !== undefined) {
          Failed.push({ Id: entry.Id, SenderFault: true, Code: 'InvalidParameterValue', Message: problem });
          continue;
        }
        const { messageId, md5 } = queue.send(entry.MessageBody, entry.DelaySeconds);
        Successful.push({ Id: entry.Id, MessageId: messageId, MD5OfMessageBody: md5 });
      }
      return { Successful, Failed };
    },
  };
}
