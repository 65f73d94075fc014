/**
 * The use case "ingest an announced recording" (`recording.available`): copy the platform's recording into the
 * recordings bucket (type from the bytes, bounded size, SHA-256 verified end to end; shared/app/recordings.ts,
 * RecordingObjectStore), then write its metadata and the `recording.stored` ledger entry in one transaction.
 * Idempotency key: tenantId + contactId (one recording per contact): a redelivery changes nothing.
 * ISO18295.md §2.8; DESIGN.md §5.
 */
import pRetry from 'p-retry';
import type { Clock } from '../../events/envelope.js';
import type { RecordingAvailableDetail } from '../../events/recordings.js';
import type { AgreementVersion } from '../domain/agreement/agreement-schema.js';
import { versionInForceAt } from '../domain/agreement/agreement-versions.js';
import { contentHash } from '../domain/ledger/hash-chain.js';
import { recordingRetention } from '../domain/recording/retention.js';
import { RECORDING_SOURCE_RETRY, type RetryBudget } from './budgets.js';
import type { EvidenceLedger, StoreWrite } from './evidence-ledger.js';
import {
  type CustomerHold,
  type RecordingMetadata,
  type RecordingObjectStore,
  type RecordingSource,
  RecordingSourceError,
  recordingObjectKey,
  type StoredObject,
} from './recordings.js';
import type { WriteOutcome } from './write-outcome.js';

/** What ingestion needs to know of the contact recorded, as stored by `contact.completed` (if it arrived yet). */
export interface RecordedContact {
  customerRef?: string;
  /** Set by an erasure request: the data subject's reference was removed, and no recording of it may be kept. */
  erasedAt?: string;
}

/** Port: the recording metadata, the contact and the customer holds ingestion reads, and what storing writes. */
export interface RecordingIngestStore {
  /** The recording of a contact (strongly consistent), if one was stored (or stored and since deleted). */
  find(tenantId: string, contactId: string): Promise<RecordingMetadata | undefined>;
  /** The stored contact, if `contact.completed` was recorded. */
  contact(tenantId: string, contactId: string): Promise<RecordedContact | undefined>;
  /** The hold on every recording of `customerRef`, if one is set (strongly consistent). */
  customerHold(tenantId: string, customerRef: string): Promise<CustomerHold | undefined>;
  /** The writes that store `state`, conditioned on no recording of the contact existing. */
  storedWrites(state: RecordingMetadata): StoreWrite[];
}

/** Port: a tenant's agreement versions (the retention of recordings comes from the one in force at `recordedAt`). */
export interface RecordingAgreements {
  versions(tenantId: string): Promise<AgreementVersion[]>;
}

export interface IngestRecordingDeps {
  store: RecordingIngestStore;
  agreements: RecordingAgreements;
  source: RecordingSource;
  objects: RecordingObjectStore;
  ledger: EvidenceLedger;
  now?: Clock;
  /** Retries of a source that failed in a way that may pass; {@link RECORDING_SOURCE_RETRY} unless a test says. */
  retry?: RetryBudget;
  /** Hears each failed attempt that will be retried (for the log: never the location, which may carry credentials). */
  onRetry?: (attempt: number, reason: string) => void;
}

/** Why an announced recording is refused for good: a dead letter with this reason, nothing stored. */
export class RecordingRefusedError extends Error {
  override name = 'RecordingRefusedError';
}

/** Who stores recordings, as the ledger records it. */
export const INGEST_ACTOR = { actor: 'system:ingest-recording', actorRole: 'system' } as const;

/** The announced location without query string or fragment: what may be kept and compared (no presigned credentials). */
export function sourceLocationOf(location: string): string {
  const cut = location.search(/[?#]/);
  return cut < 0 ? location : location.slice(0, cut);
}

export class IngestRecording {
  private readonly now: Clock;

  constructor(private readonly deps: IngestRecordingDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Ingests one announced recording. `duplicate` when the contact's recording is already stored (or was, and has
   * since been deleted): nothing is fetched again. Throws {@link RecordingRefusedError} when it can never be stored
   * (conflicting redelivery, erased data subject, a source refused for good or still failing after the retries, not
   * audio, too large); other errors (the table, the recordings bucket) are transient and rethrown for a retry.
   */
  async ingest(event: RecordingAvailableDetail): Promise<WriteOutcome> {
    const { store } = this.deps;
    const { tenantId, contactId } = event;
    const existing = await store.find(tenantId, contactId);
    if (existing !== undefined) return this.redelivered(existing, event);

    const contact = await store.contact(tenantId, contactId);
    if (contact?.erasedAt !== undefined)
      throw new RecordingRefusedError("the contact's data subject was erased: its recording is not kept");
    const customerRef = event.customerRef ?? contact?.customerRef;
    const hold = customerRef === undefined ? undefined : await store.customerHold(tenantId, customerRef);

    const recordedAt = new Date(event.recordedAt ?? event.occurredAt).toISOString();
    const version = versionInForceAt(tenantId, await this.deps.agreements.versions(tenantId), recordedAt);
    const retention = recordingRetention(version, event.retentionClass, recordedAt);
    const objectKey = recordingObjectKey(tenantId, contactId, recordedAt, event.format);

    const stored = await this.copy(event, objectKey);
    const state: RecordingMetadata = {
      tenantId,
      centerId: event.centerId,
      contactId,
      objectKey: stored.objectKey,
      sourceLocation: sourceLocationOf(event.location),
      ...(stored.versionId === undefined ? {} : { versionId: stored.versionId }),
      format: stored.format,
      contentType: stored.contentType,
      sizeBytes: stored.sizeBytes,
      sha256: stored.sha256,
      durationSeconds: event.durationSeconds,
      ...retention,
      recordedAt,
      storedAt: this.now().toISOString(),
      kmsKeyId: stored.kmsKeyId,
      ...(customerRef === undefined ? {} : { customerRef }),
      legalHold: hold !== undefined,
      ...(hold === undefined ? {} : { hold: { reason: hold.reason, by: hold.by, at: hold.at, scope: 'customer' } }),
      status: 'stored',
    };
    if (hold !== undefined) await this.deps.objects.setLegalHold(stored.objectKey, stored.versionId, true);
    return this.record(state, stored);
  }

  /** A recording already stored: the same announcement changes nothing; one of other bytes or from elsewhere is refused. */
  private redelivered(existing: RecordingMetadata, event: RecordingAvailableDetail): WriteOutcome {
    if (event.sha256 !== undefined && event.sha256 !== existing.sha256)
      throw new RecordingRefusedError(
        'conflicting redelivery: a recording of this contact is already stored with another SHA-256; nothing changed',
      );
    if (existing.sourceLocation !== undefined && existing.sourceLocation !== sourceLocationOf(event.location))
      throw new RecordingRefusedError(
        'conflicting redelivery: a recording of this contact is already stored from another location; nothing changed',
      );
    return 'duplicate';
  }

  /** Opens the source and streams it into the bucket, again while the source fails in a way that may pass. */
  private async copy(event: RecordingAvailableDetail, objectKey: string): Promise<StoredObject> {
    const { source, objects, onRetry } = this.deps;
    try {
      return await pRetry(
        async () =>
          objects.put(objectKey, await source.open(event.location), { format: event.format, sha256: event.sha256 }),
        {
          ...(this.deps.retry ?? RECORDING_SOURCE_RETRY),
          shouldRetry: ({ error }) => error instanceof RecordingSourceError && error.retryable,
          onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
            if (error instanceof RecordingSourceError && error.retryable && retriesLeft > 0)
              onRetry?.(attemptNumber, error.message);
          },
        },
      );
    } catch (error) {
      if (!(error instanceof RecordingSourceError)) throw error;
      throw new RecordingRefusedError(
        error.retryable ? `the source still failed after the retries: ${error.message}` : error.message,
      );
    }
  }

  /** The metadata and its ledger entry, in one transaction; a concurrent duplicate that won makes this one a duplicate. */
  private async record(state: RecordingMetadata, stored: StoredObject): Promise<WriteOutcome> {
    const { store, ledger } = this.deps;
    let outcome: WriteOutcome;
    try {
      ({ result: outcome } = await ledger.commit<WriteOutcome>(state.tenantId, async () => {
        if ((await store.find(state.tenantId, state.contactId)) !== undefined)
          return { unchanged: true, result: 'duplicate' };
        return { items: store.storedWrites(state), evidence: this.evidence(state), result: 'applied' };
      }));
    } catch (error) {
      await this.discardUnrecorded(state, stored);
      throw error;
    }
    if (outcome === 'duplicate') await this.discardUnrecorded(state, stored);
    return outcome;
  }

  /**
   * The object version this attempt wrote, when no metadata refers to it (another delivery won, or the transaction
   * failed): deleted, so that no recording survives unlisted, past any retention. Only a known version is deleted:
   * without versioning (the one-machine stand-in) the key holds the winner's identical bytes, which stay.
   */
  private async discardUnrecorded(state: RecordingMetadata, stored: StoredObject): Promise<void> {
    if (stored.versionId === undefined) return;
    const recorded = await this.deps.store.find(state.tenantId, state.contactId).catch(() => 'unknown' as const);
    if (recorded === 'unknown' || recorded?.versionId === stored.versionId) return;
    const { objects } = this.deps;
    try {
      // A legal hold would keep the version: this attempt set it, and this attempt's copy is not the one kept.
      if (state.legalHold) await objects.setLegalHold(stored.objectKey, stored.versionId, false);
      await objects.delete(stored.objectKey, stored.versionId);
    } catch {
      // Best effort: what is left is a copy of the recorded bytes under the recording's own key.
    }
  }

  private evidence(state: RecordingMetadata) {
    return {
      tenantId: state.tenantId,
      occurredAt: state.storedAt,
      ...INGEST_ACTOR,
      kind: 'recording.stored',
      resource: `recording/${state.contactId}`,
      contentBefore: null,
      contentAfter: contentHash(state),
      payload: {
        contactId: state.contactId,
        objectKey: state.objectKey,
        ...(state.versionId === undefined ? {} : { versionId: state.versionId }),
        sizeBytes: state.sizeBytes,
        sha256: state.sha256,
        format: state.format,
        durationSeconds: state.durationSeconds,
        retentionClass: state.retentionClass,
        retentionDays: state.retentionDays,
        retentionOrigin: state.retentionOrigin,
        deleteAfter: state.deleteAfter,
        legalHold: state.legalHold,
        kmsKeyId: state.kmsKeyId,
      },
    };
  }
}
