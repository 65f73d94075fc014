import { randomUUID } from 'node:crypto';
import { translateConnectCtr } from '../../events/adapters/amazon-connect-ctr.js';
import { redactPersonalData } from '../../events/adapters/redact.js';
import type { ContactCompletedDetail } from '../../events/telephony.js';
import { placeContact } from '../domain/vendor/place-contact.js';
import type { VendorMapping } from '../domain/vendor/vendor-mapping.js';
import type { DeadLetterSink } from './dead-letter-repository.js';
import { UNKNOWN_TENANT } from './keys.js';
import type { WriteOutcome } from './transact.js';

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
  now?: () => Date;
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
    return this.deps.recorder.record(placed.detail);
  }

  /**
   * Ingests a batch, `concurrency` records at a time. A record that fails for a transient reason is `failed` (and
   * `onFailure` hears why); the others go on, since each record is independent and recording is idempotent.
   */
  async ingestBatch(
    records: ReadonlyArray<{ id: string; text: string }>,
    concurrency: number,
    onFailure?: (id: string, error: unknown) => void,
  ): Promise<CtrBatchResult> {
    const outcomes: CtrBatchResult['outcomes'] = new Array(records.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < records.length; i = next++) {
        const record = records[i] as { id: string; text: string };
        try {
          outcomes[i] = await this.ingest(record.text, record.id);
        } catch (error) {
          outcomes[i] = 'failed';
          onFailure?.(record.id, error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), records.length) }, worker));
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
