import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { EventBridgePublisher } from '../../shared/adapters/event-publisher.js';
import { ComplaintRegister } from '../../shared/app/complaint-register.js';
import { type ComplaintSweepReport, EvaluateComplaints } from '../../shared/app/evaluate-complaints.js';
import { purgeInstant } from '../../shared/app/purge-recordings.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { logger } from '../../shared/runtime/logger.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { ComplaintRepository } from '../../shared/store/complaint-repository.js';
import { conditionalWriter } from '../../shared/store/conditional-writer.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import type { ScheduledInvocation } from '../schedules.js';

// Read at cold start: a missing or malformed variable fails the init, not a run.
const config = loadConfig();

const deps = once(() => {
  const db = createDocumentClient(config);
  const ledger = new DynamoLedgerRepository(db, config.tableName);
  const agreements = new AgreementRepository(db, config.tableName);
  const complaints = new ComplaintRepository(db, config.tableName);
  const writer = conditionalWriter(db);
  return new EvaluateComplaints(
    new ComplaintRegister(complaints, agreements, ledger, EventBridgePublisher.fromConfig(config), writer),
    complaints,
    agreements,
    ledger,
    {
      onFailure: (tenantId, error) =>
        logger.error('complaint sweep failed; left for the next run', { tenantId, error: error as Error }),
    },
  );
});

/** Stop starting new tenants when less than this is left: one tenant is a few queries and a write per change. */
const TIME_RESERVE_MS = 20_000;

/**
 * Scheduled (hourly, functions/schedules.ts): assesses every open complaint of every tenant as of the invocation's
 * `scheduledTime` (never later than the clock) and publishes the deadline alerts not sent yet. The complaint controls
 * are the controls engine's (functions/evaluate-controls).
 */
export const handler = middy<Partial<ScheduledInvocation> | undefined, ComplaintSweepReport>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context: Context) => {
    const now = purgeInstant(event?.scheduledTime, () => new Date());
    const report = await deps().run(now, () => context.getRemainingTimeInMillis() > TIME_RESERVE_MS);
    // One line per run, counts only: complaint ids and tenants are not personal data, but nothing more is needed.
    logger.info('complaints evaluated', {
      tenants: report.tenants,
      assessed: report.assessed,
      alerts: report.alerts,
      moved: report.moved,
      failed: report.failed,
      complete: report.complete,
      asOf: now.toISOString(),
    });
    return report;
  });
