import type { EventBridgeEvent } from '../../../events/envelope.js';
import type { EventPattern } from '../../../events/rules.js';
import { isTransientDependencyError } from '../../../shared/adapters/transient-errors.js';
import type { NewDeadLetter } from './dead-letter-store.js';
import type { BusLogger } from './logger.js';

/** A rule's target: what the bus calls for every event that matches the rule's pattern. */
export interface BusTarget {
  ruleName: string;
  targetName: string;
  eventPattern: EventPattern;
  /** Delivers one event; a rejection counts as a failed attempt and is retried. */
  invoke(event: EventBridgeEvent): Promise<void>;
}

/** How often, and how patiently, a failed delivery is tried again before it is dead-lettered. */
export interface RetryPolicy {
  /** Attempts that fail for a lasting reason (a bug, a refused event), the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * How long a delivery keeps being retried while it fails only for transient reasons (a dependency unreachable,
   * throttled or answering 5xx; see {@link isTransientError}), counted from its first failure. An outage shorter
   * than this delays deliveries but dead-letters none.
   */
  transientBudgetMs?: number;
}

/**
 * Local defaults: a few quick retries, so that a broken handler shows up in the dead letters within seconds, and
 * five minutes of patience for a stand-in that is down (DynamoDB Local restarts in a few seconds).
 */
export const DEFAULT_RETRY: Required<RetryPolicy> = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  transientBudgetMs: 300_000,
};

/**
 * Whether a failed delivery may succeed later without anyone changing anything: a connection refused or cut, a
 * timeout, throttling, or a 5xx answer from an AWS API (as the SDK reports them), looked for along `cause` and
 * inside an `AggregateError`. Everything else (validation, a bug in the handler) is a lasting failure.
 */
export const isTransientError = isTransientDependencyError;

/**
 * The wait before the next attempt: exponential in the failures so far, capped, with full jitter so that
 * deliveries failing together do not retry together.
 */
export function backoffDelay(failedAttempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(random() * ceiling);
}

export interface DeliveryQueueOptions {
  /** Deliveries running at once. */
  concurrency: number;
  retry: RetryPolicy;
  deadLetters: { append(entry: NewDeadLetter): Promise<unknown> };
  logger: BusLogger;
  random?: () => number;
  now?: () => Date;
}

/** Refused: the bus is closing and takes no new deliveries. */
export class BusClosedError extends Error {
  override readonly name = 'BusClosedError';
}

interface Delivery {
  event: EventBridgeEvent;
  target: BusTarget;
  /** Every attempt, transient failures included (what the dead letter reports). */
  attempts: number;
  /** Attempts that failed for a lasting reason: these count against `maxAttempts`. */
  lastingFailures: number;
  /** When the first transient failure happened, for the transient budget. */
  transientSince?: number;
  abandoned: boolean;
}

/**
 * Runs (event, target) deliveries in the background, at most `concurrency` at a time, from a FIFO of plain records
 * (no promise per waiting delivery). A failed attempt is retried after a backoff that holds no concurrency slot;
 * a delivery failing for a lasting reason is dead-lettered after `maxAttempts`, one failing transiently only once
 * `transientBudgetMs` has passed; the dead letter carries the error and the number of attempts. Held deliveries
 * are bounded by the bus's `maxQueuedDeliveries` (PutEvents refuses entries beyond it).
 *
 * Hand-written on purpose, not p-limit and p-retry (which the store and the import use): p-limit holds a promise
 * and a closure per queued task, where this queue holds one small record (the memory bound above), and p-retry
 * waits inside the task, so a delivery backing off would keep its concurrency slot for the whole wait, and `close`
 * (one last attempt of each waiting delivery, without its backoff) would have to abort it. The budget is also
 * two-sided: attempts for lasting failures, time since the first transient failure for transient ones, which
 * p-retry's `retries` and `maxRetryTime` (counted from the first attempt) do not express.
 */
export class DeliveryQueue {
  readonly stats = { delivered: 0, retried: 0, deadLettered: 0 };
  private readonly queue = new Fifo<Delivery>();
  private readonly running = new Set<Delivery>();
  private readonly backingOff = new Map<NodeJS.Timeout, Delivery>();
  /** Targets failing transiently right now, and since when: one log line per outage, not one per attempt. */
  private readonly outages = new Map<string, { since: number; failures: number }>();
  private idleWaiters: Array<() => void> = [];
  private closing = false;

  constructor(private readonly options: DeliveryQueueOptions) {}

  /** Deliveries not finished yet: queued, running or waiting to retry. */
  get size(): number {
    return this.queue.length + this.running.size + this.backingOff.size;
  }

  /** Queues the delivery of `event` to `target`; returns at once. */
  enqueue(event: EventBridgeEvent, target: BusTarget): void {
    if (this.closing) throw new BusClosedError('the event bus is closing');
    this.queue.push({ event, target, attempts: 0, lastingFailures: 0, abandoned: false });
    this.pump();
  }

  /** Resolves when nothing is queued, running or waiting to retry. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops taking deliveries and finishes the ones already taken, retries included but without their backoff and
   * without further retries. What is still unfinished after `timeoutMs` is dead-lettered, so nothing is lost.
   */
  async close(timeoutMs: number): Promise<void> {
    this.closing = true;
    for (const [timer, delivery] of this.backingOff) {
      clearTimeout(timer);
      this.queue.push(delivery);
    }
    this.backingOff.clear();
    this.pump();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([this.idle(), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') await this.abandonUnfinished(timeoutMs);
  }

  private pump(): void {
    while (this.running.size < this.options.concurrency) {
      const delivery = this.queue.shift();
      if (delivery === undefined) break;
      this.running.add(delivery);
      void this.attempt(delivery);
    }
  }

  private async attempt(delivery: Delivery): Promise<void> {
    delivery.attempts++;
    try {
      await delivery.target.invoke(delivery.event);
      if (!delivery.abandoned) {
        this.stats.delivered++;
        this.recovered(delivery.target);
      }
    } catch (error) {
      if (!delivery.abandoned) await this.failed(delivery, error);
    } finally {
      this.running.delete(delivery);
      this.pump();
      this.notifyIfIdle();
    }
  }

  private async failed(delivery: Delivery, cause: unknown): Promise<void> {
    const { retry, logger, random } = this.options;
    const error = cause instanceof Error ? cause.message || cause.name : String(cause);
    const where = { rule: delivery.target.ruleName, target: delivery.target.targetName, eventId: delivery.event.id };
    const now = Date.now();
    const transient = isTransientError(cause);
    if (transient) delivery.transientSince ??= now;
    else delivery.lastingFailures++;
    const exhausted = transient
      ? now - (delivery.transientSince ?? now) >= (retry.transientBudgetMs ?? DEFAULT_RETRY.transientBudgetMs)
      : delivery.lastingFailures >= retry.maxAttempts;
    if (this.closing || exhausted) {
      await this.deadLetter(delivery, error);
      return;
    }
    const delayMs = backoffDelay(delivery.attempts, retry, random);
    if (transient) this.holding(delivery.target, error, now);
    else logger.warn('delivery failed, will retry', { ...where, attempt: delivery.attempts, delayMs, error });
    this.stats.retried++;
    const timer = setTimeout(() => {
      this.backingOff.delete(timer);
      this.queue.push(delivery);
      this.pump();
    }, delayMs);
    this.backingOff.set(timer, delivery);
  }

  /** The first transient failure of a target says, once, that its deliveries are being held. */
  private holding(target: BusTarget, error: string, now: number): void {
    const outage = this.outages.get(target.targetName);
    if (outage !== undefined) {
      outage.failures++;
      return;
    }
    this.outages.set(target.targetName, { since: now, failures: 1 });
    this.options.logger.warn('target failing transiently, holding its deliveries and retrying', {
      target: target.targetName,
      error,
      budgetMs: this.options.retry.transientBudgetMs ?? DEFAULT_RETRY.transientBudgetMs,
    });
  }

  private recovered(target: BusTarget): void {
    const outage = this.outages.get(target.targetName);
    if (outage === undefined) return;
    this.outages.delete(target.targetName);
    this.options.logger.warn('target delivering again after transient failures', {
      target: target.targetName,
      heldMs: Date.now() - outage.since,
      failedAttempts: outage.failures,
    });
  }

  private async deadLetter(delivery: Delivery, error: string): Promise<void> {
    const { target, event, attempts } = delivery;
    const entry = { ruleName: target.ruleName, targetName: target.targetName, event, error, attempts };
    try {
      await this.options.deadLetters.append({ ...entry, failedAt: (this.options.now?.() ?? new Date()).toISOString() });
      this.stats.deadLettered++;
      this.options.logger.error('delivery dead-lettered', { rule: target.ruleName, eventId: event.id, error });
    } catch (writeError) {
      // The last place the event still exists is this log line.
      this.options.logger.error('could not write a dead letter', { ...entry, writeError: String(writeError) });
    }
  }

  private async abandonUnfinished(timeoutMs: number): Promise<void> {
    const reason = `not delivered within ${timeoutMs} ms of the event bus closing`;
    const unfinished = [...this.running, ...this.queue.drain()];
    for (const delivery of unfinished) delivery.abandoned = true;
    await Promise.all(unfinished.map((delivery) => this.deadLetter(delivery, reason)));
    this.running.clear();
    this.notifyIfIdle();
  }

  private notifyIfIdle(): void {
    if (this.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** A first-in first-out queue whose `shift` does not copy the array (Array#shift does, which hurts at 10k). */
class Fifo<T> {
  private items: Array<T | undefined> = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  drain(): T[] {
    const rest = this.items.slice(this.head) as T[];
    this.items = [];
    this.head = 0;
    return rest;
  }
}
