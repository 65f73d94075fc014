import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventBridgeEvent } from '../../../../../events/envelope.js';
import { DeadLetterStore } from '../../../../../infra/local/event-bus/dead-letter-store.js';
import {
  type BusTarget,
  backoffDelay,
  DeliveryQueue,
  type RetryPolicy,
} from '../../../../../infra/local/event-bus/delivery.js';
import { silentLogger } from '../../../../../infra/local/event-bus/logger.js';
import { EventRouter } from '../../../../../infra/local/event-bus/router.js';

const FAST_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 };

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

function target(invoke: BusTarget['invoke'], ruleName = 'ContactCompletedToRecordContact'): BusTarget {
  return {
    ruleName,
    targetName: 'record-contact-completed',
    eventPattern: { source: ['ccc.telephony'] },
    invoke: vi.fn(invoke),
  };
}

/** A promise that a test settles when it chooses, to hold deliveries in flight. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const failing = (message: string) => async () => {
  throw new Error(message);
};

describe('Function: backoffDelay', () => {
  const policy: RetryPolicy = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 500 };

  it('doubles with each failure up to the cap, at the top of the jitter range', () => {
    expect([1, 2, 3, 4, 5].map((failures) => backoffDelay(failures, policy, () => 1))).toEqual([
      100, 200, 400, 500, 500,
    ]);
  });

  it('spreads retries anywhere from no wait to the ceiling (full jitter)', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
  });
});

describe('Class: DeliveryQueue', () => {
  let dir: string;
  let store: DeadLetterStore;
  const queueWith = (overrides: { concurrency?: number; retry?: RetryPolicy } = {}) =>
    new DeliveryQueue({
      concurrency: overrides.concurrency ?? 8,
      retry: overrides.retry ?? FAST_RETRY,
      deadLetters: store,
      logger: silentLogger,
      random: () => 1,
      now: () => new Date('2025-03-01T10:00:05.000Z'),
    });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bus-delivery-'));
    store = await DeadLetterStore.open(join(dir, 'dead-letters.jsonl'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('retries a failing target, then dead-letters the event with the rule, target, error and attempts', async () => {
    // Prepare
    const queue = queueWith();
    const broken = target(failing('table ccc-compliance not found'));
    const event = contactCompleted('c-1');

    // Act
    queue.enqueue(event, broken);
    await queue.idle();

    // Assess
    expect(broken.invoke).toHaveBeenCalledTimes(3);
    expect(await store.list()).toEqual([
      {
        id: expect.any(String),
        ruleName: 'ContactCompletedToRecordContact',
        targetName: 'record-contact-completed',
        event,
        error: 'table ccc-compliance not found',
        attempts: 3,
        failedAt: '2025-03-01T10:00:05.000Z',
      },
    ]);
    expect(queue.stats).toEqual({ delivered: 0, retried: 2, deadLettered: 1 });
  });

  it('delivers once a transient failure clears, without a dead letter', async () => {
    const queue = queueWith();
    let calls = 0;
    const flaky = target(async () => {
      calls++;
      if (calls < 3) throw new Error('throttled');
    });

    queue.enqueue(contactCompleted('c-2'), flaky);
    await queue.idle();

    expect(flaky.invoke).toHaveBeenCalledTimes(3);
    expect(await store.list()).toEqual([]);
    expect(queue.stats).toEqual({ delivered: 1, retried: 2, deadLettered: 0 });
  });

  it('runs no more deliveries at once than its concurrency, and delivers them all', async () => {
    const queue = queueWith({ concurrency: 3 });
    const hold = gate();
    let active = 0;
    let mostActive = 0;
    const slow = target(async () => {
      active++;
      mostActive = Math.max(mostActive, active);
      await hold.opened;
      active--;
    });

    for (let i = 0; i < 50; i++) queue.enqueue(contactCompleted(`c-${i}`), slow);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(slow.invoke).toHaveBeenCalledTimes(3);

    hold.open();
    await queue.idle();
    expect(slow.invoke).toHaveBeenCalledTimes(50);
    expect(mostActive).toBe(3);
  });

  it('takes a burst of 10 000 events without exceeding the default concurrency', async () => {
    const queue = queueWith();
    let active = 0;
    let mostActive = 0;
    const handler = target(async () => {
      active++;
      mostActive = Math.max(mostActive, active);
      await Promise.resolve();
      active--;
    });

    for (let i = 0; i < 10_000; i++) queue.enqueue(contactCompleted(`c-${i}`), handler);
    expect(queue.size).toBe(10_000);
    await queue.idle();

    expect(queue.stats.delivered).toBe(10_000);
    expect(mostActive).toBe(8);
  });

  it('idle() resolves at once when nothing is pending, and only after in-flight work and retries otherwise', async () => {
    const queue = queueWith({ concurrency: 1, retry: { maxAttempts: 2, baseDelayMs: 30, maxDelayMs: 30 } });
    await expect(queue.idle()).resolves.toBeUndefined();

    let calls = 0;
    const failsOnce = target(async () => {
      calls++;
      if (calls === 1) throw new Error('first attempt fails');
    });
    let idle = false;
    queue.enqueue(contactCompleted('c-3'), failsOnce);
    const waiting = queue.idle().then(() => {
      idle = true;
    });

    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(idle).toBe(false);
    await waiting;
    expect(calls).toBe(2);
    expect(queue.stats.delivered).toBe(1);
  });

  it('on close, dead-letters what is still unfinished after the timeout instead of losing it', async () => {
    const queue = queueWith();
    const hung = target(() => new Promise<void>(() => undefined));
    queue.enqueue(contactCompleted('c-4'), hung);
    await new Promise((resolve) => setTimeout(resolve, 5));

    await queue.close(20);

    const [deadLetter] = await store.list();
    expect(deadLetter?.error).toMatch(/not delivered within 20 ms of the event bus closing/);
    expect(() => queue.enqueue(contactCompleted('c-5'), hung)).toThrow(/closing/);
  });
});

describe('Class: EventRouter (redrive)', () => {
  let dir: string;
  let store: DeadLetterStore;
  let queue: DeliveryQueue;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bus-redrive-'));
    store = await DeadLetterStore.open(join(dir, 'dead-letters.jsonl'));
    queue = new DeliveryQueue({ concurrency: 4, retry: FAST_RETRY, deadLetters: store, logger: silentLogger });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function routerWith(invoke: BusTarget['invoke']) {
    const handler = target(invoke);
    return { handler, router: new EventRouter('ccc-compliance', [handler], queue, store, silentLogger) };
  }

  it('delivers dead letters to their original target once it works, and removes them from the store', async () => {
    let broken = true;
    const delivered: string[] = [];
    const { handler, router } = routerWith(async (event) => {
      if (broken) throw new Error('handler bug');
      delivered.push(event.id);
    });
    router.route(contactCompleted('c-10'), 'ccc-compliance');
    await queue.idle();
    expect(await store.list()).toHaveLength(1);

    broken = false;
    await expect(router.redrive()).resolves.toBe(1);
    await queue.idle();

    expect(delivered).toEqual(['event-c-10']);
    expect(handler.invoke).toHaveBeenCalledTimes(4);
    expect(await store.list()).toEqual([]);
  });

  it('redrives only the ids given', async () => {
    let broken = true;
    const delivered: string[] = [];
    const { router } = routerWith(async (event) => {
      if (broken) throw new Error('handler bug');
      delivered.push(event.id);
    });
    router.route(contactCompleted('c-11'), 'ccc-compliance');
    router.route(contactCompleted('c-12'), 'ccc-compliance');
    await queue.idle();
    const [first, second] = await store.list();

    broken = false;
    await expect(router.redrive([second?.id ?? '', 'unknown-id'])).resolves.toBe(1);
    await queue.idle();

    expect(delivered).toEqual([second?.event.id]);
    expect((await store.list()).map((entry) => entry.id)).toEqual([first?.id]);
  });

  it('dead-letters a redriven event again when the target still fails', async () => {
    const { router } = routerWith(failing('still broken'));
    router.route(contactCompleted('c-13'), 'ccc-compliance');
    await queue.idle();
    const [original] = await store.list();

    await router.redrive();
    await queue.idle();

    const after = await store.list();
    expect(after).toHaveLength(1);
    expect(after[0]?.id).not.toBe(original?.id);
    expect(after[0]?.event).toEqual(original?.event);
  });

  it('routes only to targets whose pattern matches, and counts events no rule wants', async () => {
    const { handler, router } = routerWith(async () => undefined);
    expect(router.route(contactCompleted('c-14'), 'ccc-compliance')).toBe(1);
    expect(router.route({ ...contactCompleted('c-15'), source: 'ccc.workforce' }, 'ccc-compliance')).toBe(0);
    expect(router.route(contactCompleted('c-16'), 'default')).toBe(0);
    await queue.idle();

    expect(handler.invoke).toHaveBeenCalledTimes(1);
    expect(router.stats).toEqual({ received: 3, unmatched: 2 });
  });
});
