import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { connectRecordingAvailable, translateConnectCtr } from '../../events/adapters/amazon-connect-ctr.js';
import { redactPersonalData } from '../../events/adapters/redact.js';
import type { Clock } from '../../events/envelope.js';
import { RecordingAvailable, type RecordingAvailableDetail } from '../../events/recordings.js';
import type { ContactCompletedDetail } from '../../events/telephony.js';
import { placeContact } from '../domain/vendor/place-contact.js';
import type { VendorMapping } from '../domain/vendor/vendor-mapping.js';
import type { EventPublisher, OutgoingEvent } from './assemble-vendor-contact.js';
import { CTR_BATCH_CONCURRENCY } from './budgets.js';
import { type DeadLetterSink, UNKNOWN_TENANT } from './dead-letters.js';
import type { WriteOutcome } from './write-outcome.js';

/** Port: records a canonical contact exactly once (the ContactRecorder). */
export interface ContactSink {
  record(contact: ContactCompletedDetail): Promise<WriteOutcome>;
}

export type CtrOutcome = WriteOutcome | 'skipped' | 'dead-lettered';

/** What became of a batch: each record's outcome (`failed` when it must be retried) and the counts. */
export interface CtrBatchResult {
  outcomes: Array<CtrOutcome | 'failed'>;
  counts: Partial<Record<CtrOutcome | 'failed', number>>;
}

export interface ConnectCtrIngestDeps {
  recorder: ContactSink;
  deadLetters: DeadLetterSink;
  mapping: VendorMapping;
  /** Where the `recording.available` of recorded contacts go (the bus); without it, recordings are not announced. */
  publisher?: EventPublisher;
  now?: Clock;
}

/** The bus event of an announced recording. */
export function recordingAvailableEvent(detail: RecordingAvailableDetail): OutgoingEvent {
  return {
    source: RecordingAvailable.source,
    detailType: RecordingAvailable.detailType,
    detail: detail as unknown as Record<string, unknown>,
    occurredAt: detail.occurredAt,
  };
}

/** How dead letters of contact records are labelled (they come from a stream, not from the bus). */
export const CTR_SOURCE = 'aws.connect';
export const CTR_DETAIL_TYPE = 'Amazon Connect contact record';

/**
 * The use case "ingest one Amazon Connect contact record" from the CTR stream: translate, place, record. Amazon
 * Connect delivers contact records at least once and again when a contact is updated; the recorder keeps the first
 * (idempotency key tenantId + contactId). An unusable record is dead-lettered with the reason (without the customer's
 * phone number) rather than retried, since retrying cannot help.
 */
export class ConnectCtrIngest {
  constructor(private readonly deps: ConnectCtrIngestDeps) {}

  /** Ingests one record given as JSON text (a Kinesis record's data, decoded). */
  async ingest(text: string, id: string = randomUUID()): Promise<CtrOutcome> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.deadLetter(id, 'the record is not JSON', { length: text.length });
    }
    const placed = placeContact(translateConnectCtr(json), this.deps.mapping);
    if (placed.kind === 'skip') return 'skipped';
    if (placed.kind === 'reject') return this.deadLetter(id, placed.reason, redactPersonalData(json), placed.tenantId);
    const outcome = await this.deps.recorder.record(placed.detail);
    await this.announceRecording(id, json, placed.detail);
    return outcome;
  }

  /**
   * Publishes the `recording.available` of a recorded contact, after the contact is stored (ingestion takes the data
   * subject from it). Again for a redelivered record: ingestion is idempotent on tenantId + contactId, and an
   * updated record may be the first to carry the recording. A recording that cannot be announced is dead-lettered
   * with the reason; the contact stays recorded.
   */
  private async announceRecording(id: string, json: unknown, contact: ContactCompletedDetail): Promise<void> {
    const { publisher } = this.deps;
    if (publisher === undefined) return;
    const announced = connectRecordingAvailable(json, contact);
    if (announced === undefined) return;
    if (!announced.ok) {
      await this.deadLetter(`${id}#recording`, announced.reason, redactPersonalData(json), contact.tenantId);
      return;
    }
    await publisher.publish([recordingAvailableEvent(announced.detail)]);
  }

  /**
   * Ingests a batch, `concurrency` records at a time. A record that fails for a transient reason is `failed` (and
   * `onFailure` hears why); the others go on, since each record is independent and recording is idempotent.
   */
  async ingestBatch(
    records: ReadonlyArray<{ id: string; text: string }>,
    concurrency: number = CTR_BATCH_CONCURRENCY,
    onFailure?: (id: string, error: unknown) => void,
  ): Promise<CtrBatchResult> {
    // A promise per record is fine: a Kinesis batch holds at most 10,000 records, and they are all in memory anyway.
    const limit = pLimit(Math.max(1, concurrency));
    const outcomes = await limit.map(records, async (record): Promise<CtrOutcome | 'failed'> => {
      try {
        return await this.ingest(record.text, record.id);
      } catch (error) {
        onFailure?.(record.id, error);
        return 'failed';
      }
    });
    const counts: CtrBatchResult['counts'] = {};
    for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
    return { outcomes, counts };
  }

  private async deadLetter(id: string, reason: string, event: unknown, tenantId = UNKNOWN_TENANT) {
    await this.deps.deadLetters.put({
      id,
      receivedAt: (this.deps.now?.() ?? new Date()).toISOString(),
      tenantId,
      source: CTR_SOURCE,
      detailType: CTR_DETAIL_TYPE,
      reason,
      event,
    });
    return 'dead-lettered' as const;
  }
}
