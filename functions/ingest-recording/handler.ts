import { RecordingAvailable } from '../../events/recordings.js';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { createS3Client } from '../../shared/adapters/ledger-anchor-store.js';
import { S3RecordingObjectStore } from '../../shared/adapters/recording-object-store.js';
import { AllowListedRecordingSource } from '../../shared/adapters/recording-source.js';
import { IngestRecording, RecordingRefusedError } from '../../shared/app/ingest-recording.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { UnprocessableEventError } from '../../shared/runtime/errors.js';
import { eventHandler } from '../../shared/runtime/event-handler.js';
import { logger } from '../../shared/runtime/logger.js';
import { loadRecordingConfig } from '../../shared/runtime/recording-config.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { DynamoDeadLetterRepository } from '../../shared/store/dead-letter-repository.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import { DynamoRecordingRepository } from '../../shared/store/recording-repository.js';

// Read at cold start: a missing or malformed variable (an unparsable RECORDING_SOURCES, say) fails the init.
const config = loadConfig();
const recordings = loadRecordingConfig();

const deps = once(() => {
  const db = createDocumentClient(config);
  const s3 = createS3Client(config);
  return {
    ingest: new IngestRecording({
      store: new DynamoRecordingRepository(db, config.tableName),
      agreements: new AgreementRepository(db, config.tableName),
      source: new AllowListedRecordingSource(s3, recordings.sources),
      objects: new S3RecordingObjectStore(s3, recordings),
      ledger: new DynamoLedgerRepository(db, config.tableName),
      // The reason names the source without its query (presigned URLs carry credentials there).
      onRetry: (attempt, reason) => logger.warn('recording source failed; retrying', { attempt, reason }),
    }),
    deadLetters: new DynamoDeadLetterRepository(db, config.tableName),
  };
});

/**
 * Consumes `recording.available`: copies the recording into the recordings bucket (SSE-KMS with the data key) and
 * stores its metadata and `recording.stored` ledger entry, once (key: tenantId + contactId). A recording that can
 * never be stored (not audio, too large, a source refused or still failing after the retries) is dead-lettered with
 * the reason.
 */
export const handler = eventHandler(
  RecordingAvailable,
  (detail) =>
    deps()
      .ingest.ingest(detail)
      .catch((error: unknown) => {
        throw error instanceof RecordingRefusedError ? new UnprocessableEventError(error.message) : error;
      }),
  deps,
);
