/**
 * The surveillance queue through SQS (shared/app/surveillance.ts `SurveillanceQueue`): `SendMessageBatch`, ten
 * messages a call (SQS's most), a few calls at once; the entries SQS refused are sent again a few times (a refusal
 * is per entry: throttling, a moment's unavailability), then handed back as not sent.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import pLimit from 'p-limit';
import pRetry from 'p-retry';
import type { SurveillanceMessage, SurveillanceQueue } from '../app/surveillance.js';

/** SQS takes at most ten entries per `SendMessageBatch`. */
export const BATCH_SIZE = 10;
const CALLS_AT_ONCE = 4;
const ENTRY_RETRY = { retries: 3, minTimeout: 100, maxTimeout: 1_000, factor: 2, randomize: true };

class EntriesRefused extends Error {
  override name = 'EntriesRefused';
}

export class SqsSurveillanceQueue implements SurveillanceQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly retry = ENTRY_RETRY,
  ) {}

  async send(messages: readonly SurveillanceMessage[]): Promise<{ failed: SurveillanceMessage[] }> {
    const limit = pLimit(CALLS_AT_ONCE);
    const batches: SurveillanceMessage[][] = [];
    for (let i = 0; i < messages.length; i += BATCH_SIZE) batches.push(messages.slice(i, i + BATCH_SIZE));
    const failed = await Promise.all(batches.map((batch) => limit(() => this.sendBatch(batch))));
    return { failed: failed.flat() };
  }

  /** One batch, its refused entries again; what is still refused (or a call that kept failing) is returned. */
  private async sendBatch(batch: SurveillanceMessage[]): Promise<SurveillanceMessage[]> {
    let left = batch;
    try {
      await pRetry(async () => {
        const out = await this.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: left.map((message, i) => ({ Id: String(i), MessageBody: JSON.stringify(message) })),
          }),
        );
        const refused = new Set((out.Failed ?? []).map((f) => f.Id));
        left = left.filter((_m, i) => refused.has(String(i)));
        if (left.length > 0) throw new EntriesRefused(`${left.length} entries refused`);
      }, this.retry);
      return [];
    } catch {
      return left;
    }
  }
}
