/**
 * One SQS batch of the surveillance queue: each message on its own, so that one tenant's failure does not fail the
 * others, reported back as `batchItemFailures` (the mapping's ReportBatchItemFailures) so that SQS redelivers only
 * those, and dead-letters one after its third receive. A batch whose every message failed is thrown instead, which
 * Lambda treats the same (the whole batch again) and which records why in the function's errors.
 */
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { SurveillanceOutcome, SurveilTenant } from '../../shared/app/surveillance-run.js';
import { parseMessage } from './message.js';

export interface BatchLog {
  done(messageId: string, tenantId: string, outcome: SurveillanceOutcome): void;
  failed(messageId: string, error: unknown): void;
}

export async function surveilBatch(
  worker: Pick<SurveilTenant, 'run'>,
  records: readonly SQSRecord[],
  clock: { now: () => Date; leaseMs: () => number },
  log: BatchLog,
): Promise<SQSBatchResponse> {
  const failures: { id: string; error: unknown }[] = [];
  // One after the other: a batch is a few tenants, and each already reads its facts in parallel.
  for (const record of records) {
    try {
      const message = parseMessage(record.body);
      log.done(record.messageId, message.tenantId, await worker.run(message, clock.now(), clock.leaseMs()));
    } catch (error) {
      log.failed(record.messageId, error);
      failures.push({ id: record.messageId, error });
    }
  }
  const [first] = failures;
  if (first !== undefined && failures.length === records.length) {
    const reason = first.error instanceof Error ? first.error.message : String(first.error);
    throw new Error(`every message of the batch failed (${failures.length}); the first: ${reason}`, {
      cause: first.error,
    });
  }
  return { batchItemFailures: failures.map(({ id }) => ({ itemIdentifier: id })) };
}
