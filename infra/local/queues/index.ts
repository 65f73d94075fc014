/**
 * The local SQS queues (infra/local/queues/local-queue.ts) and their API (sqs-protocol.ts), which the local event
 * bus serves on its own port (`awsOperations`), so that senders use the real SQS client against it.
 */
import { join } from 'node:path';
import { LocalQueue, type LocalQueueOptions } from './local-queue.js';
import { sqsOperations } from './sqs-protocol.js';

export type { QueueConsumer, QueueDeadLetter, QueueLogger } from './local-queue.js';
export { LocalQueue } from './local-queue.js';

export interface LocalQueuesOptions {
  /** Dead letters go to `<dir>/<queue>-dead-letters.jsonl`. */
  dir: string;
  queues: Omit<LocalQueueOptions, 'deadLetterFile'>[];
  account?: string;
}

export interface LocalQueues {
  queues: ReadonlyMap<string, LocalQueue>;
  /** The SQS operations by `X-Amz-Target`, for the bus's server; `baseUrl()` is the server's URL once it listens. */
  awsOperations(baseUrl: () => string): Record<string, (input: unknown) => unknown>;
  /** The queue's URL on the server at `baseUrl`: `<baseUrl>/<account>/<name>`, as SQS's. */
  urlOf(baseUrl: string, name: string): string;
  deadLetterFile(name: string): string;
  /** Resolves when every queue is drained (nothing visible, in delivery or waiting for a redelivery). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createLocalQueues(options: LocalQueuesOptions): LocalQueues {
  const account = options.account ?? '000000000000';
  const deadLetterFile = (name: string) => join(options.dir, `${name}-dead-letters.jsonl`);
  const queues = new Map(
    options.queues.map((q) => [q.name, new LocalQueue({ account, ...q, deadLetterFile: deadLetterFile(q.name) })]),
  );
  const urlOf = (baseUrl: string, name: string) => `${baseUrl}/${account}/${name}`;
  return {
    queues,
    awsOperations: (baseUrl) => sqsOperations(queues, (name) => urlOf(baseUrl(), name)),
    urlOf,
    deadLetterFile,
    // A redelivery may follow a drained moment of another queue: wait until all are idle at once.
    idle: async () => {
      while ([...queues.values()].some((q) => q.size > 0)) await Promise.all([...queues.values()].map((q) => q.idle()));
    },
    close: async () => void (await Promise.all([...queues.values()].map((q) => q.close()))),
  };
}
