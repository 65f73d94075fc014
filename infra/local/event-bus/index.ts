/**
 * The local EventBridge bus: speaks `PutEvents` and `TestEventPattern` over HTTP (so the AWS SDK and CLI work
 * against it), routes each event with the same rule patterns as AWS to in-process targets, retries failed deliveries
 * and keeps the ones that never succeed in a dead-letter file that an operator can list and redrive.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DeadLetter, DeadLetterStore } from './dead-letter-store.js';
import { type BusTarget, DEFAULT_RETRY, DeliveryQueue, type RetryPolicy } from './delivery.js';
import { type BusLogger, silentLogger } from './logger.js';
import { putEvents } from './put-events.js';
import { EventRouter } from './router.js';
import { type BusStats, createBusServer } from './server.js';
import { testEventPattern } from './test-event-pattern.js';

export type { DeadLetter } from './dead-letter-store.js';
export type { BusTarget, RetryPolicy } from './delivery.js';
export { DEFAULT_RETRY, isTransientError } from './delivery.js';
export type { BusLogger } from './logger.js';
export { InvalidEventPatternError, matchesPattern, validatePattern } from './pattern.js';
export { InvalidTargetPatternError } from './router.js';
export type { BusStats } from './server.js';

export interface LocalEventBusOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** The bus the rules belong to; entries naming it (or its ARN) are routed, others are accepted and dropped. */
  busName: string;
  /** Stamped on every event. Default `eu-west-3`. */
  region?: string;
  /** Stamped on every event. Default `000000000000`. */
  account?: string;
  targets: BusTarget[];
  /** JSON-lines file of dead letters; its directory is created if missing. */
  deadLetterFile: string;
  /** Default {@link DEFAULT_RETRY}: 4 attempts for lasting failures, 5 minutes of retries for transient ones. */
  retry?: Partial<RetryPolicy>;
  /** Deliveries running at once. Default 8. */
  concurrency?: number;
  /**
   * Undelivered deliveries (queued, running or held for a retry) beyond which `PutEvents` entries fail as
   * `ThrottlingException`: the bound on what the bus holds in memory through an outage. Default 50 000.
   */
  maxQueuedDeliveries?: number;
  /** How long `close()` waits for unfinished deliveries before dead-lettering them. Default 10 s. */
  closeTimeoutMs?: number;
  logger?: BusLogger;
  /** More AWS JSON operations the bus's server answers (the local SQS queues': infra/local/queues). */
  otherAwsOperations?: Readonly<Record<string, (input: unknown) => unknown>>;
}

export interface LocalEventBus {
  /** `http://host:port`, the endpoint for the SDK (`endpoint`) or the CLI (`--endpoint-url`). */
  url: string;
  port: number;
  /** Resolves when no delivery is queued, running or waiting to retry. */
  idle(): Promise<void>;
  /** Stops accepting events, finishes (or dead-letters) the deliveries under way, then closes the server. */
  close(): Promise<void>;
  deadLetters: {
    list(): Promise<DeadLetter[]>;
    /** Delivers dead letters (all, or those ids) to their original target again; returns how many. */
    redrive(ids?: string[]): Promise<number>;
  };
  stats(): BusStats;
}

const DEFAULTS = { host: '127.0.0.1', region: 'eu-west-3', account: '000000000000', concurrency: 8 } as const;

/**
 * Starts the bus and resolves once it listens.
 *
 * @throws InvalidTargetPatternError when a target's pattern is not a valid EventBridge pattern.
 * @throws RangeError for an option out of range.
 */
export async function startLocalEventBus(options: LocalEventBusOptions): Promise<LocalEventBus> {
  const logger = options.logger ?? silentLogger;
  const retry: Required<RetryPolicy> = { ...DEFAULT_RETRY, ...options.retry };
  const concurrency = options.concurrency ?? DEFAULTS.concurrency;
  checkOptions(options, retry, concurrency);
  const { host = DEFAULTS.host, region = DEFAULTS.region, account = DEFAULTS.account } = options;
  const maxQueued = options.maxQueuedDeliveries ?? 50_000;

  const deadLetters = await DeadLetterStore.open(options.deadLetterFile, logger);
  const queue = new DeliveryQueue({ concurrency, retry, deadLetters, logger });
  const router = new EventRouter(options.busName, options.targets, queue, deadLetters, logger);
  let closing: Promise<void> | undefined;

  const stats = (): BusStats => ({ ...router.stats, ...queue.stats });
  const redrive = (ids?: string[]) => router.redrive(ids);
  const server = createBusServer(
    {
      putEvents: (input) =>
        putEvents(input, {
          region,
          account,
          now: () => new Date(),
          newId: randomUUID,
          hasRoom: () => closing === undefined && queue.size < maxQueued,
          publish: (event, busName) => router.route(event, busName),
        }),
      testEventPattern,
      listDeadLetters: () => deadLetters.list(),
      redrive,
      stats,
      ...(options.otherAwsOperations === undefined ? {} : { otherAwsOperations: options.otherAwsOperations }),
    },
    logger,
  );
  const port = await listen(server, options.port, host);
  logger.info('event bus listening', { bus: options.busName, port, targets: options.targets.length });

  const close = async () => {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await queue.close(options.closeTimeoutMs ?? 10_000);
    server.closeAllConnections();
    await stopped;
  };
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    idle: () => queue.idle(),
    close: () => {
      closing ??= close();
      return closing;
    },
    deadLetters: { list: () => deadLetters.list(), redrive },
    stats,
  };
}

function checkOptions(options: LocalEventBusOptions, retry: Required<RetryPolicy>, concurrency: number): void {
  const wholeAtLeast = (value: number, min: number) => Number.isInteger(value) && value >= min;
  if (!wholeAtLeast(options.port, 0) || options.port > 65_535) throw new RangeError('port must be 0 to 65535');
  if (!wholeAtLeast(concurrency, 1)) throw new RangeError('concurrency must be a whole number of at least 1');
  if (!wholeAtLeast(retry.maxAttempts, 1)) throw new RangeError('retry.maxAttempts must be at least 1');
  if (!(retry.baseDelayMs >= 0 && retry.maxDelayMs >= retry.baseDelayMs)) {
    throw new RangeError('retry delays must satisfy 0 <= baseDelayMs <= maxDelayMs');
  }
  if (!(retry.transientBudgetMs >= 0)) {
    throw new RangeError('retry.transientBudgetMs must be 0 or more');
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
