/**
 * Retry and concurrency budgets, in one place, each with the reason for its size. Retry budgets are p-retry options
 * (`retries` after the first attempt; `minTimeout`, `maxTimeout` in milliseconds; the wait before retry n is
 * `minTimeout × factor^(n-1)`, times a random 1–2 when `randomize`, capped at `maxTimeout`), so a caller passes
 * them as they are. Pure data: the store, the use cases and the local runtime all read them.
 */
import type { Options as RetryOptions } from 'p-retry';

/** The retry options a budget fixes; the caller adds which errors are retried. */
export type RetryBudget = Required<
  Pick<RetryOptions, 'retries' | 'minTimeout' | 'maxTimeout' | 'factor' | 'randomize'>
>;

/**
 * A DynamoDB transaction cancelled with `TransactionConflict` (another transaction touched one of its items at the
 * same moment), in `writeOnce`. Conflicts clear within milliseconds, and a write that lost six times in about 1.3 s
 * (at most 10+20+…+320 ms doubled by jitter) is better handed back to its caller (a Lambda retry, a redelivery)
 * than held.
 */
export const TRANSACTION_CONFLICT_RETRY: RetryBudget = {
  retries: 6,
  minTimeout: 10,
  maxTimeout: 1_000,
  factor: 2,
  randomize: true,
};

/**
 * A ledger commit that lost the race for the tenant's head to a concurrent writer: it reads again and prepares
 * again. Twelve attempts with short, capped waits (4–8 ms, doubling, at most 400 ms) ride out a burst of a hundred
 * concurrent writers on one tenant; beyond that the API answers 503 with Retry-After rather than keep a request
 * waiting.
 */
export const LEDGER_COMMIT_RETRY: RetryBudget = {
  retries: 11,
  minTimeout: 4,
  maxTimeout: 400,
  factor: 2,
  randomize: true,
};

/**
 * Contact records of one Kinesis batch recorded at once: enough to hide DynamoDB latency, few enough not to
 * throttle the table or to make many transactions conflict on the same tenant's aggregates.
 */
export const CTR_BATCH_CONCURRENCY = 8;

/**
 * Writes in flight during a local import (`npm run import`, overridable with `--concurrency`): enough to keep
 * DynamoDB Local busy while lines are read and translated, few enough that one file does not hold thousands of
 * pending writes (and their memory) at once.
 */
export const IMPORT_CONCURRENCY = 32;

/**
 * Copying a recording from its source (`recording.available`) when the source fails in a way that may pass: missing
 * for now (a platform announcing before its upload is visible), unreachable, throttling, a 5xx. Four attempts with
 * waits of about 1, 2 and 4 s (doubled at most by jitter, so under 15 s of waiting) cover a platform's brief outage
 * and S3's read-after-write delay across regions; past that the event is refused with the reason (a dead letter the
 * operator can replay), rather than hold the ingest function's ten minutes.
 */
export const RECORDING_SOURCE_RETRY: RetryBudget = {
  retries: 3,
  minTimeout: 1_000,
  maxTimeout: 8_000,
  factor: 2,
  randomize: true,
};
