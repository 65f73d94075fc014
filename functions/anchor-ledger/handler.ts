import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { createS3Client, S3LedgerAnchorStore } from '../../shared/adapters/ledger-anchor-store.js';
import { type AnchorReport, anchorAllLedgers } from '../../shared/app/anchor-ledgers.js';
import { loadConfig, once, requiredVariable } from '../../shared/runtime/config.js';
import { logger } from '../../shared/runtime/logger.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();
const bucket = requiredVariable('LEDGER_ANCHOR_BUCKET');

const deps = once(() => {
  return {
    ledger: new DynamoLedgerRepository(createDocumentClient(config), config.tableName),
    anchors: new S3LedgerAnchorStore(createS3Client(config), bucket),
  };
});

/** Stop starting new tenants when less than this is left of the invocation; the next run takes the rest. */
const TIME_RESERVE_MS = 5_000;

/** Scheduled (hourly): copies every tenant's ledger head whose newest anchor is older to write-once storage. */
export const handler = middy<unknown, AnchorReport>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (_event: unknown, context: Context) => {
    const { ledger, anchors } = deps();
    const report = await anchorAllLedgers(
      ledger,
      anchors,
      () => new Date(),
      () => context.getRemainingTimeInMillis() > TIME_RESERVE_MS,
      (tenantId, error) => logger.error('ledger anchor failed', { tenantId, error: error as Error }),
    );
    logger.info('ledger heads anchored', { ...report });
    return report;
  });
