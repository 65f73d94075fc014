/**
 * What the retention purge (`purge-recordings.ts`) and erasure requests (`erasure-requests.ts`) share: how a stored
 * recording becomes a deleted one, the port that writes it, and the evidence of it. The object is deleted first and
 * the metadata second, each time: a crash in between leaves a recording still marked stored whose object is gone,
 * and the next attempt deletes again (an absent object is fine) and records it, so nothing is ever marked deleted
 * while its bytes survive.
 */
import { contentHash } from '../domain/ledger/hash-chain.js';
import type { Evidence, StoreWrite } from './evidence-ledger.js';
import type { RecordingMetadata } from './recordings.js';

export type RecordingDeletion = NonNullable<RecordingMetadata['deleted']>;

/** A stored recording and the deleted state that replaces it. */
export interface RecordingChange {
  stored: RecordingMetadata;
  deleted: RecordingMetadata;
}

/** Port: the recording metadata a deletion reads and writes. */
export interface RecordingDeletionStore {
  /** The recording as stored now (strongly consistent), if there is one. */
  find(tenantId: string, contactId: string): Promise<RecordingMetadata | undefined>;
  /** Whether a hold on every recording of `customerRef` exists (strongly consistent). */
  customerHeld(tenantId: string, customerRef: string): Promise<boolean>;
  /**
   * The writes that replace each `stored` state by its `deleted` one, each conditioned on the recording still being
   * stored and unheld, and on no customer hold of its data subject existing: a hold set meanwhile makes them fail.
   */
  deletionWrites(changes: readonly RecordingChange[]): StoreWrite[];
}

/** Whether a stored recording may be deleted now: stored, not held by itself (customer holds are read apart). */
export function isDeletable(recording: RecordingMetadata | undefined): recording is RecordingMetadata {
  return recording !== undefined && recording.status === 'stored' && !recording.legalHold;
}

/**
 * The state of a deleted recording: the metadata stays (it is the evidence that the recording existed and when it
 * went), without the data subject's reference and without any hold.
 */
export function deletedState(stored: RecordingMetadata, deletion: RecordingDeletion): RecordingMetadata {
  const { customerRef: _customerRef, hold: _hold, ...rest } = stored;
  return { ...rest, legalHold: false, status: 'deleted', deleted: deletion };
}

/** Who deletes, as the ledger records it. */
export interface DeletionActor {
  actor: string;
  actorRole: string;
  requestId?: string;
}

/**
 * The `recording.deleted` entry of one or more deletions of a tenant (one transaction): which recordings, why, and
 * for each what identified its bytes. No `customerRef`: the ledger keeps no personal data it could never erase.
 */
export function recordingDeletedEvidence(
  tenantId: string,
  changes: readonly RecordingChange[],
  by: DeletionActor,
  at: Date,
): Evidence {
  const [first] = changes;
  if (first === undefined) throw new RangeError('no deletion to evidence');
  const deletion = first.deleted.deleted as RecordingDeletion;
  const one = changes.length === 1;
  return {
    tenantId,
    occurredAt: at.toISOString(),
    actor: by.actor,
    actorRole: by.actorRole,
    kind: 'recording.deleted',
    resource: one ? `recording/${first.stored.contactId}` : `recordings/${deletion.requestId ?? deletion.reason}`,
    contentBefore: one ? contentHash(first.stored) : contentHash(changes.map((c) => c.stored)),
    contentAfter: one ? contentHash(first.deleted) : contentHash(changes.map((c) => c.deleted)),
    ...(by.requestId === undefined ? {} : { requestId: by.requestId }),
    payload: {
      reason: deletion.reason,
      method: 'object-version-deleted',
      ...(deletion.requestId === undefined ? {} : { erasureRequestId: deletion.requestId }),
      recordings: changes.map(({ stored }) => ({
        contactId: stored.contactId,
        objectKey: stored.objectKey,
        ...(stored.versionId === undefined ? {} : { versionId: stored.versionId }),
        sha256: stored.sha256,
        retentionClass: stored.retentionClass,
        deleteAfter: stored.deleteAfter,
      })),
    },
  };
}
