import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { SqsSurveillanceQueue } from '../../shared/adapters/surveillance-queue.js';
import { purgeInstant } from '../../shared/app/purge-recordings.js';
import { EnumerateSurveillance, type EnumerationReport } from '../../shared/app/surveillance-enumerator.js';
import { loadConfig, once, requiredVariable } from '../../shared/runtime/config.js';
import { logger } from '../../shared/runtime/logger.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import { SurveillanceRepository } from '../../shared/store/surveillance-repository.js';
import type { ScheduledInvocation } from '../schedules.js';

// Read at cold start: a missing or malformed variable fails the init, not a run.
const config = loadConfig();
const queueUrl = requiredVariable('SURVEILLANCE_QUEUE_URL');

const deps = once(() => {
  const db = createDocumentClient(config);
  const { tableName } = config;
  const endpoint = config.endpoints.sqs;
  const sqs = new SQSClient(
    endpoint === undefined
      ? { region: config.region }
      : { region: config.region, endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
  );
  return new EnumerateSurveillance({
    tenants: new DynamoLedgerRepository(db, tableName),
    agreements: new AgreementRepository(db, tableName),
    store: new SurveillanceRepository(db, tableName),
    queue: new SqsSurveillanceQueue(sqs, queueUrl),
    onTenantFailure: (tenantId, error) =>
      logger.error('surveillance day not worked out; the next day catches it up', { tenantId, error: error as Error }),
  });
});

type Report = Omit<EnumerationReport, 'notSent'> & { notSent: number };

/**
 * Scheduled (functions/schedules.ts, `SurveillanceDaily`): one message per tenant whose surveillance day (its local
 * date at the invocation's `scheduledTime`) is not completed, to the surveillance queue (`SURVEILLANCE_QUEUE_URL`),
 * which `surveil-tenant` consumes. A message SQS did not take is logged by tenant: that tenant's day is caught up
 * by the next day's run.
 */
export const handler = middy<Partial<ScheduledInvocation> | undefined, Report>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const scheduledTime = purgeInstant(event?.scheduledTime, () => new Date());
    const report = await deps().run(scheduledTime);
    for (const message of report.notSent)
      logger.error('surveillance message not sent; the next day catches the tenant up', {
        tenantId: message.tenantId,
        day: message.day,
      });
    const counts = { ...report, notSent: report.notSent.length };
    logger.info('surveillance enumerated', { ...counts, scheduledTime: scheduledTime.toISOString() });
    return counts;
  });
