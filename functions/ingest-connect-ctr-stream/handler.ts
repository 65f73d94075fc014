import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { logger } from '../../shared/runtime/logger.js';
import { countingDeadLetters } from '../../shared/runtime/metrics.js';
import { ContactRecorder } from '../../shared/store/contact-recorder.js';
import { DynamoDeadLetterRepository } from '../../shared/store/dead-letter-repository.js';
import { ConnectCtrIngest } from '../../shared/store/vendor-ctr-ingest.js';
import { vendorMappingFromEnvironment } from '../../shared/store/vendor-wiring.js';

// Read at cold start: a missing variable or an invalid vendor mapping fails the init, not a batch.
const config = loadConfig();
const mapping = vendorMappingFromEnvironment();

const ingest = once(() => {
  const db = createDocumentClient(config);
  return new ConnectCtrIngest({
    recorder: new ContactRecorder(db, config.tableName),
    deadLetters: countingDeadLetters(new DynamoDeadLetterRepository(db, config.tableName)),
    mapping,
  });
});

/** Records of one batch processed at once: enough to hide DynamoDB latency, few enough not to throttle. */
const CONCURRENCY = 8;

/**
 * Consumes the Amazon Connect contact-record (CTR) Kinesis stream: each record's data is one contact record as JSON.
 * Unusable records are dead-lettered (retrying cannot help); records that failed for a transient reason are reported
 * in `batchItemFailures`, so Lambda retries from the first of them; the recorder makes the retried ones that had
 * succeeded harmless (idempotency key tenantId + contactId).
 */
export const handler = middy<KinesisStreamEvent, KinesisStreamBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const records = event.Records ?? [];
    const { outcomes, counts } = await ingest().ingestBatch(
      records.map((r) => ({ id: r.eventID, text: Buffer.from(r.kinesis.data, 'base64').toString('utf8') })),
      CONCURRENCY,
      (eventId, error) => logger.error('contact record not ingested; Lambda will retry it', { eventId, error }),
    );
    logger.info('contact records ingested', { records: records.length, ...counts });
    return {
      batchItemFailures: records
        .filter((_, i) => outcomes[i] === 'failed')
        .map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })),
    };
  });
