/**
 * Composition of the recording deletions for the Lambda entries (purge-recordings, erasure-requests,
 * process-erasure-request) and the tests that drive them like them: the recordings bucket named by
 * `RECORDINGS_BUCKET`, the single table, and the ledger each deletion is recorded in.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createS3Client } from '../adapters/ledger-anchor-store.js';
import { S3RecordingObjectStore } from '../adapters/recording-object-store.js';
import { EraseDataSubject } from '../app/erasure-requests.js';
import { type PurgeOptions, PurgeRecordings } from '../app/purge-recordings.js';
import type { RecordingObjectStore } from '../app/recordings.js';
import type { RuntimeConfig } from '../runtime/config.js';
import { ErasureRequestRepository } from '../store/erasure-request-repository.js';
import { DynamoLedgerRepository } from '../store/ledger-repository.js';
import { RecordingPurgeRepository } from '../store/recording-purge-repository.js';

/** The recordings bucket's objects, as far as deleting them goes. */
export function recordingObjects(config: RuntimeConfig, bucket: string): Pick<RecordingObjectStore, 'delete'> {
  return new S3RecordingObjectStore(createS3Client(config), { bucket });
}

export function purgeRecordings(
  db: DynamoDBDocumentClient,
  config: RuntimeConfig,
  objects: Pick<RecordingObjectStore, 'delete'>,
  options?: PurgeOptions,
): PurgeRecordings {
  return new PurgeRecordings(
    new RecordingPurgeRepository(db, config.tableName),
    objects,
    new DynamoLedgerRepository(db, config.tableName),
    options,
  );
}

export function eraseDataSubject(
  db: DynamoDBDocumentClient,
  config: RuntimeConfig,
  objects: Pick<RecordingObjectStore, 'delete'>,
): EraseDataSubject {
  return new EraseDataSubject(
    new ErasureRequestRepository(db, config.tableName),
    objects,
    new DynamoLedgerRepository(db, config.tableName),
  );
}
