import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { SurveilTenant } from '../../shared/app/surveillance-run.js';
import { controlsEngine } from '../../shared/compose/controls-engine.js';
import { monthlyReports } from '../../shared/compose/monthly-reports.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { logger } from '../../shared/runtime/logger.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import { SurveillanceRepository } from '../../shared/store/surveillance-repository.js';
import { surveilBatch } from './batch.js';

// Read at cold start: a missing or malformed variable fails the init, not a batch.
const config = loadConfig();

const deps = once(() => {
  const db = createDocumentClient(config);
  const { tableName } = config;
  return new SurveilTenant({
    store: new SurveillanceRepository(db, tableName),
    engine: controlsEngine(db, config, {
      onPublishFailure: (tenantId, controlId, error) =>
        logger.warn('transition event not published; the next run publishes it', {
          tenantId,
          controlId,
          error: error as Error,
        }),
    }),
    reports: monthlyReports(db, config),
    agreements: new AgreementRepository(db, tableName),
    ledger: new DynamoLedgerRepository(db, tableName),
    onControlFailure: ({ tenantId, controlId, error }) =>
      logger.error('control not evaluated; the next run evaluates it', { tenantId, controlId, error: error as Error }),
  });
});

/**
 * The surveillance queue's consumer (functions/enumerate-surveillance sends to it): surveils each message's
 * tenant-day once (shared/app/surveillance-run.ts) and reports the messages that failed as `batchItemFailures`.
 * A claim holds for the time the invocation has left, so that a redelivery after a crash can take it over.
 */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context: Context) =>
    surveilBatch(
      deps(),
      event.Records,
      { now: () => new Date(), leaseMs: () => context.getRemainingTimeInMillis() },
      {
        // Counts and days only: the ledger entry has the rest.
        done: (messageId, tenantId, outcome) =>
          logger.info('tenant surveilled', {
            messageId,
            tenantId,
            outcome: outcome.outcome,
            ...(outcome.outcome === 'completed'
              ? {
                  day: outcome.summary.day,
                  evaluated: outcome.summary.evaluated,
                  transitions: outcome.summary.transitions,
                  failures: outcome.summary.failures,
                  caughtUp: outcome.summary.caughtUp.length,
                  ...(outcome.summary.reportMonth === undefined ? {} : { reportMonth: outcome.summary.reportMonth }),
                }
              : {}),
          }),
        failed: (messageId, error) =>
          logger.error('surveillance message failed; SQS delivers it again', { messageId, error: error as Error }),
      },
    ),
  );
