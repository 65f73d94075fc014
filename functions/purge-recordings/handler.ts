import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { type PurgeReport, purgeInstant } from '../../shared/app/purge-recordings.js';
import { purgeRecordings, recordingObjects } from '../../shared/compose/recording-deletion.js';
import { loadConfig, once, requiredVariable } from '../../shared/runtime/config.js';
import { logger } from '../../shared/runtime/logger.js';
import type { ScheduledInvocation } from '../schedules.js';

// Read at cold start: a missing or malformed variable fails the init, not a run.
const config = loadConfig();
const bucket = requiredVariable('RECORDINGS_BUCKET');

const deps = once(() =>
  purgeRecordings(createDocumentClient(config), config, recordingObjects(config, bucket), {
    onFailure: ({ tenantId, contactId }, error) =>
      logger.error('recording purge failed; left for the next run', { tenantId, contactId, error: error as Error }),
    onHeldAfterDelete: ({ tenantId, contactId }) =>
      logger.error('recording object deleted while a legal hold was set on it', { tenantId, contactId }),
  }),
);

/** Stop starting new days and recordings when less than this is left: one more is an S3 delete and a transaction. */
const TIME_RESERVE_MS = 20_000;

/**
 * Scheduled (daily, functions/schedules.ts): deletes the recordings past their `deleteAfter` that are not held, each
 * with its `recording.deleted` ledger entry, as of the invocation's `scheduledTime` (never later than the clock).
 * What it could not finish in time is left for the next run, which starts from the checkpoint.
 */
export const handler = middy<Partial<ScheduledInvocation> | undefined, PurgeReport>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context: Context) => {
    const now = purgeInstant(event?.scheduledTime, () => new Date());
    const report = await deps().run(now, () => context.getRemainingTimeInMillis() > TIME_RESERVE_MS);
    // One line per run, with the counts as fields.
    logger.info('recordings purged', { ...report, asOf: now.toISOString() });
    return report;
  });
