import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { EventBridgePublisher } from '../../shared/adapters/event-publisher.js';
import { CTR_BATCH_CONCURRENCY } from '../../shared/app/budgets.js';
import { ConnectCtrIngest } from '../../shared/app/ingest-connect-ctr.js';
import { perMapping, vendorMappingFromEnvironment } from '../../shared/compose/vendor-assembler.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { conflictObserver } from '../../shared/runtime/conflict-observer.js';
import { logger } from '../../shared/runtime/logger.js';
import { countingDeadLetters } from '../../shared/runtime/metrics.js';
import { DynamoDeadLetterRepository } from '../../shared/store/dead-letter-repository.js';
import { DynamoContactRecorder } from '../../shared/store/dynamo-contact-recorder.js';

// Read at cold start: a missing variable, or a vendor mapping that cannot be read or is invalid (top-level await,
// the bundle is ESM), fails the init, not a batch.
const config = loadConfig();
const mapping = vendorMappingFromEnvironment();
await mapping();

const clients = once(() => {
  const db = createDocumentClient(config);
  return {
    recorder: new DynamoContactRecorder(db, config.tableName, undefined, undefined, conflictObserver),
    deadLetters: countingDeadLetters(new DynamoDeadLetterRepository(db, config.tableName)),
    // Recorded contacts with a call recording are announced (recording.available) for ingest-recording.
    publisher: EventBridgePublisher.fromConfig(config),
  };
});
// The mapping may change without a redeploy (read through its cache per batch): the use case follows it.
const ingest = perMapping(mapping, (current) => new ConnectCtrIngest({ ...clients(), mapping: current }));

/**
 * Consumes the Amazon Connect contact-record (CTR) Kinesis stream: each record's data is one contact record as JSON,
 * recorded as a contact and, when it points at a call recording, announced with `recording.available`.
 * Unusable records are dead-lettered (retrying cannot help); records that failed for a transient reason are reported
 * in `batchItemFailures`, so Lambda retries from the first of them; the recorder makes the retried ones that had
 * succeeded harmless (idempotency key tenantId + contactId).
 */
export const handler = middy<KinesisStreamEvent, KinesisStreamBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const records = event.Records ?? [];
    const { outcomes, counts } = await (await ingest()).ingestBatch(
      records.map((r) => ({ id: r.eventID, text: Buffer.from(r.kinesis.data, 'base64').toString('utf8') })),
      CTR_BATCH_CONCURRENCY,
      (eventId, error) => logger.error('contact record not ingested; Lambda will retry it', { eventId, error }),
    );
    logger.info('contact records ingested', { records: records.length, ...counts });
    return {
      batchItemFailures: records
        .filter((_, i) => outcomes[i] === 'failed')
        .map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })),
    };
  });
