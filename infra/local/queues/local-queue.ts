/**
 * One SQS queue on one machine, delivered in-process to its consumer as Lambda's SQS event source mapping does:
 * batches of up to `batchSize` messages as an `SQSEvent`, the `batchItemFailures` of the answer (or every message
 * of a batch whose invocation threw) made visible again after a delay that grows with each receive, and a message
 * received `maxReceiveCount` times without success written with the reason to its dead-letter file (JSON lines),
 * as the redrive policy would move it to the dead-letter queue. Messages live in memory: those not delivered when
 * the process stops are lost, which the surveillance tolerates (the next day's run catches the tenant up).
 */
import { createHash, randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/** The consumer's handler: what it answers is read as an `SQSBatchResponse` (none: every message succeeded). */
export type QueueConsumer = (event: SQSEvent) => Promise<unknown>;

export interface QueueLogger {
  warn(message: string, attributes?: object): void;
  error(message: string, attributes?: object): void;
}

export interface LocalQueueOptions {
  name: string;
  consumer: QueueConsumer;
  deadLetterFile: string;
  /** Default 10, SQS's most for a standard queue's batch without a batching window. */
  batchSize?: number;
  /** Default 3. */
  maxReceiveCount?: number;
  /** A failed message is visible again after this times its receive count. Default 1 500 ms. */
  visibilityDelayMs?: number;
  /** Batches delivered at once (the mapping's maximum concurrency). Default 2. */
  concurrency?: number;
  region?: string;
  account?: string;
  logger?: QueueLogger;
}

/** A line of the dead-letter file. */
export interface QueueDeadLetter {
  queue: string;
  messageId: string;
  receiveCount: number;
  sentAt: string;
  deadLetteredAt: string;
  reason: string;
  body: string;
}

interface Message {
  messageId: string;
  body: string;
  md5: string;
  sentAt: number;
  firstReceivedAt?: number;
  receiveCount: number;
}

export const md5Hex = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

export class LocalQueue {
  readonly name: string;
  readonly arn: string;
  private readonly options: Required<Omit<LocalQueueOptions, 'logger'>> & { logger?: QueueLogger };
  private readonly visible: Message[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private inFlightMessages = 0;
  private waiters: (() => void)[] = [];
  private writes: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(options: LocalQueueOptions) {
    this.options = {
      batchSize: 10,
      maxReceiveCount: 3,
      visibilityDelayMs: 1_500,
      concurrency: 2,
      region: 'eu-west-3',
      account: '000000000000',
      ...options,
    };
    if (!(this.options.batchSize >= 1 && this.options.batchSize <= 10)) throw new RangeError('batchSize is 1 to 10');
    if (!(this.options.maxReceiveCount >= 1)) throw new RangeError('maxReceiveCount is at least 1');
    this.name = options.name;
    this.arn = `arn:aws:sqs:${this.options.region}:${this.options.account}:${options.name}`;
  }

  /** Queues a message (visible after `delaySeconds`); returns its id and the MD5 of its body, as SQS answers. */
  send(body: string, delaySeconds = 0): { messageId: string; md5: string } {
    const message: Message = { messageId: randomUUID(), body, md5: md5Hex(body), sentAt: Date.now(), receiveCount: 0 };
    if (delaySeconds > 0) this.later(message, delaySeconds * 1000);
    else this.makeVisible(message);
    return { messageId: message.messageId, md5: message.md5 };
  }

  /** Messages visible, being delivered, or waiting to be visible again. */
  get size(): number {
    return this.visible.length + this.inFlightMessages + this.timers.size;
  }

  /** Resolves once no message is visible, in delivery or waiting for its redelivery. */
  idle(): Promise<void> {
    if (this.size === 0) return this.writes;
    return new Promise<void>((resolve) => this.waiters.push(resolve)).then(() => this.writes);
  }

  /** Stops delivering: waiting redeliveries are dropped (logged), batches under way finish. */
  async close(): Promise<void> {
    this.closed = true;
    const dropped = this.visible.length + this.timers.size;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.visible.length = 0;
    if (dropped > 0)
      this.options.logger?.warn('queue stopped with messages not delivered', { queue: this.name, dropped });
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
    await this.writes;
  }

  private makeVisible(message: Message): void {
    if (this.closed) return;
    this.visible.push(message);
    this.pump();
  }

  private later(message: Message, ms: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.makeVisible(message);
      this.settle();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private pump(): void {
    while (!this.closed && this.inFlight < this.options.concurrency && this.visible.length > 0) {
      const batch = this.visible.splice(0, this.options.batchSize);
      this.inFlight++;
      this.inFlightMessages += batch.length;
      void this.deliver(batch).finally(() => {
        this.inFlight--;
        this.inFlightMessages -= batch.length;
        this.pump();
        this.settle();
      });
    }
  }

  private async deliver(batch: Message[]): Promise<void> {
    const now = Date.now();
    for (const m of batch) {
      m.receiveCount++;
      m.firstReceivedAt ??= now;
    }
    let failed: Set<string>;
    let reason: string;
    try {
      const answer = (await this.options.consumer({ Records: batch.map((m) => this.record(m)) })) as
        | Partial<SQSBatchResponse>
        | undefined;
      failed = new Set((answer?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      reason = 'reported in batchItemFailures';
    } catch (error) {
      failed = new Set(batch.map((m) => m.messageId));
      reason = error instanceof Error ? error.message : String(error);
    }
    for (const message of batch.filter((m) => failed.has(m.messageId))) {
      if (message.receiveCount >= this.options.maxReceiveCount) this.deadLetter(message, reason);
      else this.later(message, this.options.visibilityDelayMs * message.receiveCount);
    }
  }

  private record(m: Message): SQSRecord {
    return {
      messageId: m.messageId,
      receiptHandle: `${m.messageId}#${m.receiveCount}`,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentAt),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt),
      },
      messageAttributes: {},
      md5OfBody: m.md5,
      eventSource: 'aws:sqs',
      eventSourceARN: this.arn,
      awsRegion: this.options.region,
    };
  }

  private deadLetter(m: Message, reason: string): void {
    const line: QueueDeadLetter = {
      queue: this.name,
      messageId: m.messageId,
      receiveCount: m.receiveCount,
      sentAt: new Date(m.sentAt).toISOString(),
      deadLetteredAt: new Date().toISOString(),
      reason,
      body: m.body,
    };
    this.options.logger?.error('queue message dead-lettered', { queue: this.name, messageId: m.messageId, reason });
    const file = this.options.deadLetterFile;
    this.writes = this.writes
      .then(() => mkdir(dirname(file), { recursive: true, mode: 0o700 }))
      .then(() => appendFile(file, `${JSON.stringify(line)}\n`, { mode: 0o600 }))
      .catch((error: unknown) =>
        this.options.logger?.error('dead letter not written', { queue: this.name, error: String(error) }),
      );
  }

  private settle(): void {
    if (this.size > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
