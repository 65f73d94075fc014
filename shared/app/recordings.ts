/**
 * What the recording use cases share: the stored recording, its accesses, holds and erasure requests, and the ports
 * through which they reach the bytes. The use cases (`ingest-recording.ts`, `recording-access.ts`,
 * `legal-holds.ts`, `erasure-requests.ts`, `purge-recordings.ts`) declare the store ports they need beside them;
 * shared/store and shared/adapters implement them. ISO18295.md §2.8 and §4; DESIGN.md §5.
 */
import type { RecordingFormat, RetentionClass } from '../../events/recordings.js';
import type { Origin } from '../domain/agreement/defaults.js';

export type { RecordingFormat, RetentionClass };

/** One stored recording (one per contact), as kept in the table. */
export interface RecordingMetadata {
  tenantId: string;
  centerId: string;
  contactId: string;
  /** `t/<tenantId>/<yyyy>/<mm>/<contactId>.<ext>` in the recordings bucket (UTC month of `occurredAt`). */
  objectKey: string;
  /**
   * Where the platform's copy was (the announced `location` without its query string, which may carry a presigned
   * URL's credentials): a redelivery from elsewhere is refused as conflicting.
   */
  sourceLocation?: string;
  /** The S3 version written (the bucket is versioned in AWS; absent on the one-machine stand-in). */
  versionId?: string;
  format: RecordingFormat;
  contentType: string;
  sizeBytes: number;
  /** Hex SHA-256 of the bytes, computed while copying and verified on the stored object. */
  sha256: string;
  durationSeconds: number;
  retentionClass: RetentionClass;
  retentionDays: number;
  retentionOrigin: Origin;
  /** When the recording was made (the event's `recordedAt`, else its `occurredAt`): retention counts from here. */
  recordedAt: string;
  storedAt: string;
  /** `recordedAt` + the agreement's retention for the class (agreement in force at `recordedAt`). */
  deleteAfter: string;
  /** The KMS key the object was encrypted with (its ARN or alias in AWS, `local` on one machine). */
  kmsKeyId: string;
  customerRef?: string;
  legalHold: boolean;
  hold?: { reason: string; by: string; at: string; scope: 'recording' | 'customer' };
  status: 'stored' | 'deleted';
  deleted?: { at: string; reason: 'retention' | 'erasure'; by: string; requestId?: string };
}

/** One access to a recording through the API (DP-REC-ACCESS, DP-REC-ACCESSLOG). */
export interface RecordingAccess {
  accessId: string;
  tenantId: string;
  contactId: string;
  actor: string;
  role: string;
  purpose: string;
  at: string;
  expiresAt: string;
  /** Why this access is unusual, if it is: more recordings than allowed in an hour, or outside business hours. */
  unusual: Array<'bulk' | 'out-of-hours'>;
  ledgerSequence: number;
}

/** A hold on every recording of a data subject (present and future), set by the DPO. */
export interface CustomerHold {
  tenantId: string;
  customerRef: string;
  reason: string;
  by: string;
  at: string;
}

/** An erasure request (GDPR Art. 17) and what it did. */
export interface ErasureRequest {
  tenantId: string;
  requestId: string;
  customerRef: string;
  /** When the data subject asked; the deadline is one calendar month later (DP-DSR-TIMELY). */
  receivedAt: string;
  dueBy: string;
  requestedBy: string;
  via: 'api' | 'event';
  status: 'completed' | 'blocked-by-legal-hold';
  completedAt?: string;
  recordingsDeleted: string[];
  recordingsHeld: string[];
  contactsAnonymised: number;
}

/**
 * A readable byte stream (what `node:stream`'s Readable is), declared structurally: the use cases hand streams from
 * one adapter to another and never read them, so shared/app needs no Node.js module for it.
 */
export type ByteStream = NodeJS.ReadableStream & { destroy(error?: Error): unknown };

/** The bytes of a source recording, streamed, with what the source says about them. */
export interface SourceRecording {
  body: ByteStream;
  /** The length the source announced, if any (refused up front when above the limit). */
  contentLength?: number;
}

/** Why a source cannot be copied; `retryable` ones are retried within the ingestion budget first. */
export class RecordingSourceError extends Error {
  override name = 'RecordingSourceError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Port: where platforms keep recordings (an allow-listed S3 bucket or HTTPS origin). */
export interface RecordingSource {
  /** Opens the recording at `location`; throws {@link RecordingSourceError}. */
  open(location: string): Promise<SourceRecording>;
}

/** What copying a recording into the bucket produced. */
export interface StoredObject {
  objectKey: string;
  versionId?: string;
  sizeBytes: number;
  sha256: string;
  format: RecordingFormat;
  contentType: string;
  kmsKeyId: string;
}

/** Port: the recordings bucket (SSE-KMS with the customer-managed key). */
export interface RecordingObjectStore {
  /**
   * Streams `source` into `objectKey`: the type is recognised from the first bytes, the size is bounded, the SHA-256
   * computed on the way and verified on what was stored, and nothing is visible under `objectKey` unless all of that
   * passed. Throws {@link RecordingSourceError} (not retryable) for a body that is not audio or is too large.
   */
  put(
    objectKey: string,
    source: SourceRecording,
    expect: { format: RecordingFormat; sha256?: string },
  ): Promise<StoredObject>;
  /** A GET URL for the object valid `seconds` (at most 300). */
  presign(objectKey: string, versionId: string | undefined, seconds: number): Promise<{ url: string; expiresAt: Date }>;
  /** Sets or clears the S3 Object Lock legal hold (a no-op where Object Lock is off: the one-machine stand-in). */
  setLegalHold(objectKey: string, versionId: string | undefined, on: boolean): Promise<void>;
  /** Deletes the object for good (the stored version, so no noncurrent copy is left); absent objects are fine. */
  delete(objectKey: string, versionId: string | undefined): Promise<void>;
}

/** The object key of a contact's recording: `t/<tenantId>/<yyyy>/<mm>/<contactId>.<ext>` (DESIGN.md §5). */
export function recordingObjectKey(tenantId: string, contactId: string, recordedAt: string, format: RecordingFormat) {
  const at = new Date(recordedAt);
  const month = String(at.getUTCMonth() + 1).padStart(2, '0');
  const safeContact = encodeURIComponent(contactId);
  return `t/${tenantId}/${at.getUTCFullYear()}/${month}/${safeContact}.${format}`;
}
