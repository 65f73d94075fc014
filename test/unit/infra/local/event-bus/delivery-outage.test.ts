import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventBridgeEvent } from '../../../../../events/envelope.js';
import { DeadLetterStore } from '../../../../../infra/local/event-bus/dead-letter-store.js';
import {
  type BusTarget,
  DEFAULT_RETRY,
  DeliveryQueue,
  isTransientError,
  type RetryPolicy,
} from '../../../../../infra/local/event-bus/delivery.js';
import type { BusLogger } from '../../../../../infra/local/event-bus/logger.js';

function contactCompleted(contactId: string): EventBridgeEvent {
  return {
    version: '0',
    id: `event-${contactId}`,
    'detail-type': 'contact.completed',
    source: 'ccc.telephony',
    account: '000000000000',
    time: '2025-03-01T10:00:00Z',
    region: 'eu-west-3',
    resources: [],
    detail: { tenantId: 'acme-energy', contactId },
  };
}

function target(invoke: BusTarget['invoke']): BusTarget {
  return {
    ruleName: 'ContactCompletedToRecordContact',
    targetName: 'record-contact-completed',
    eventPattern: { source: ['ccc.telephony'] },
    invoke: vi.fn(invoke),
  };
}

/** What the SDK throws when DynamoDB Local is not listening. */
const connectionRefused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED', errno: -111 });

/** A target whose dependency is down until `upAt` (ms since epoch), like a table during a restart. */
function downUntil(upAt: () => number): BusTarget {
  return target(async () => {
    if (Date.now() < upAt()) throw connectionRefused();
  });
}

function recordingLogger() {
  const lines: Array<{ level: string; message: string }> = [];
  const logger: BusLogger = {
    info: (message) => void lines.push({ level: 'info', message }),
    warn: (message) => void lines.push({ level: 'warn', message }),
    error: (message) => void lines.push({ level: 'error', message }),
  };
  return { logger, lines };
}

describe('DeliveryQueue through an outage of its target', () => {
  let dir: string;
  let store: DeadLetterStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bus-outage-'));
    store = await DeadLetterStore.open(join(dir, 'dead-letters.jsonl'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const queueWith = (retry: RetryPolicy, logger: BusLogger = recordingLogger().logger) =>
    new DeliveryQueue({ concurrency: 8, retry, deadLetters: store, logger });

  it('holds every delivery while the target refuses connections, far past maxAttempts, and delivers all after', async () => {
    // Prepare: 4 lasting-failure attempts, but the outage lasts long enough for dozens of attempts.
    const upAt = Date.now() + 600;
    const queue = queueWith({ maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 20, transientBudgetMs: 10_000 });
    const table = downUntil(() => upAt);

    // Act
    for (let i = 0; i < 200; i++) queue.enqueue(contactCompleted(`c-${i}`), table);
    await queue.idle();

    // Assess
    expect(await store.list()).toEqual([]);
    expect(queue.stats.delivered).toBe(200);
    expect(queue.stats.deadLettered).toBe(0);
    expect(vi.mocked(table.invoke).mock.calls.length).toBeGreaterThan(200 * 4);
  });

  it('says once that it holds deliveries and once that they flow again, not once per attempt', async () => {
    const upAt = Date.now() + 300;
    const { logger, lines } = recordingLogger();
    const queue = queueWith({ maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 10, transientBudgetMs: 10_000 }, logger);
    const table = downUntil(() => upAt);

    for (let i = 0; i < 50; i++) queue.enqueue(contactCompleted(`c-${i}`), table);
    await queue.idle();

    expect(lines.map((l) => l.message)).toEqual([
      'target failing transiently, holding its deliveries and retrying',
      'target delivering again after transient failures',
    ]);
  });

  it('dead-letters a delivery still failing transiently once the transient budget is spent', async () => {
    const queue = queueWith({ maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 10, transientBudgetMs: 150 });
    const table = downUntil(() => Number.POSITIVE_INFINITY);
    const started = Date.now();

    queue.enqueue(contactCompleted('c-1'), table);
    await queue.idle();

    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    const [letter, ...others] = await store.list();
    expect(others).toEqual([]);
    expect(letter?.error).toBe('connect ECONNREFUSED 127.0.0.1:8000');
    expect(letter?.attempts).toBeGreaterThan(4);
  });

  it('still dead-letters a lasting failure after maxAttempts, without waiting for the transient budget', async () => {
    const queue = queueWith({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, transientBudgetMs: 60_000 });
    const broken = target(async () => {
      throw Object.assign(new Error('One or more parameter values were invalid'), {
        name: 'ValidationException',
        $metadata: { httpStatusCode: 400 },
      });
    });

    queue.enqueue(contactCompleted('c-1'), broken);
    await queue.idle();

    expect(broken.invoke).toHaveBeenCalledTimes(3);
    expect((await store.list()).map((l) => l.attempts)).toEqual([3]);
  });

  it('holds deliveries for at least two minutes by default', () => {
    expect(DEFAULT_RETRY.transientBudgetMs).toBeGreaterThanOrEqual(120_000);
  });
});

describe('isTransientError', () => {
  it.each([
    ['a refused connection', connectionRefused()],
    ['a reset socket', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['an SDK timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
    ['throttling', Object.assign(new Error('slow down'), { name: 'ThrottlingException' })],
    ['a 5xx answer', Object.assign(new Error('oops'), { name: 'InternalFailure', $metadata: { httpStatusCode: 500 } })],
    ['every address refused', new AggregateError([connectionRefused(), connectionRefused()], 'connect failed')],
    ['a wrapped refusal', new Error('delivery failed', { cause: connectionRefused() })],
  ])('counts %s as transient', (_what, error) => {
    expect(isTransientError(error)).toBe(true);
  });

  it.each([
    ['a plain error', new Error('table ccc-compliance not found')],
    [
      'a 4xx answer',
      Object.assign(new Error('bad'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }),
    ],
    ['a string', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('counts %s as lasting', (_what, error) => {
    expect(isTransientError(error)).toBe(false);
  });
});
