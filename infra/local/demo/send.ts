/**
 * Puts demo events on an EventBridge bus (the local one, or any endpoint speaking PutEvents) through the AWS SDK,
 * exactly as a producer would: batches of 10, a few batches in flight, failed entries retried.
 */
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { ContactCompleted, type ContactCompletedDetail } from '../../../events/telephony.js';

/** An event for the bus. `time` defaults to the detail's `occurredAt`. */
export interface BusEvent {
  source: string;
  detailType: string;
  detail: { occurredAt: string };
  time?: Date;
}

export interface SendLogger {
  warn(message: string, details?: Record<string, unknown>): void;
}

export interface SendToBusOptions {
  endpoint: string;
  busName: string;
  /** `contact.completed` details, or any event spelled out as a {@link BusEvent}. Read lazily. */
  events: Iterable<ContactCompletedDetail | BusEvent>;
  /** Any region; the local bus ignores it. Default `eu-west-3`. */
  region?: string;
  /** Batches in flight at once. Default 4. */
  concurrency?: number;
  /** Tries per entry before it counts as failed. Default 4. */
  maxAttempts?: number;
  /** Pause before retry n is n × this. Default 200 ms. */
  retryDelayMs?: number;
  onProgress?: (progress: SendResult) => void;
  logger?: SendLogger;
}

export interface SendResult {
  sent: number;
  failed: number;
}

/** PutEvents takes at most 10 entries per call. */
export const PUT_EVENTS_BATCH_SIZE = 10;

/** The local stand-ins accept any credentials; these keep the SDK from looking for real ones. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Wraps a `contact.completed` detail as a bus event (`Time` = `endedAt`). */
export function contactCompletedEvent(detail: ContactCompletedDetail): BusEvent {
  return {
    source: ContactCompleted.source,
    detailType: ContactCompleted.detailType,
    detail,
    time: new Date(detail.endedAt),
  };
}

/**
 * Sends every event and resolves with how many the bus accepted and how many still failed after retries.
 * Never rejects for a refused entry or a network error: those are counted (and logged) as failed.
 */
export async function sendToBus(options: SendToBusOptions): Promise<SendResult> {
  const { endpoint, busName, concurrency = 4, maxAttempts = 4, retryDelayMs = 200, onProgress, logger } = options;
  const client = new EventBridgeClient({
    endpoint,
    region: options.region ?? 'eu-west-3',
    credentials: LOCAL_CREDENTIALS,
  });
  const result: SendResult = { sent: 0, failed: 0 };
  const batches = batchesOf(options.events, busName)[Symbol.iterator]();

  const sendBatch = async (batch: PutEventsRequestEntry[]): Promise<void> => {
    let pending = batch;
    let lastError = '';
    for (let attempt = 1; attempt <= maxAttempts && pending.length > 0; attempt += 1) {
      if (attempt > 1) await sleep(retryDelayMs * (attempt - 1));
      try {
        const response = await client.send(new PutEventsCommand({ Entries: pending }));
        const outcomes = response.Entries ?? [];
        // An answer that reports failures without saying which entries failed is treated as failing them all.
        const failed =
          (response.FailedEntryCount ?? 0) > 0 && outcomes.length !== pending.length
            ? pending
            : pending.filter((_, i) => outcomes[i]?.ErrorCode !== undefined);
        const firstFailure = outcomes.find((o) => o.ErrorCode !== undefined);
        if (firstFailure) lastError = `${firstFailure.ErrorCode}: ${firstFailure.ErrorMessage ?? ''}`;
        result.sent += pending.length - failed.length;
        pending = failed;
      } catch (error) {
        lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
    }
    if (pending.length > 0) {
      result.failed += pending.length;
      logger?.warn('events not accepted by the bus', { count: pending.length, lastError });
    }
    onProgress?.({ ...result });
  };

  const worker = async (): Promise<void> => {
    for (let next = batches.next(); !next.done; next = batches.next()) await sendBatch(next.value);
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  } finally {
    client.destroy();
  }
  return result;
}

function* batchesOf(events: Iterable<ContactCompletedDetail | BusEvent>, busName: string) {
  let batch: PutEventsRequestEntry[] = [];
  for (const event of events) {
    const busEvent = isBusEvent(event) ? event : contactCompletedEvent(event);
    batch.push({
      EventBusName: busName,
      Source: busEvent.source,
      DetailType: busEvent.detailType,
      Detail: JSON.stringify(busEvent.detail),
      Time: busEvent.time ?? new Date(busEvent.detail.occurredAt),
    });
    if (batch.length === PUT_EVENTS_BATCH_SIZE) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function isBusEvent(event: ContactCompletedDetail | BusEvent): event is BusEvent {
  return 'detailType' in event && 'source' in event && 'detail' in event;
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
