import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { EventBridgePublisher } from '../../shared/adapters/event-publisher.js';
import { createS3Client, S3LedgerAnchorStore } from '../../shared/adapters/ledger-anchor-store.js';
import { ComplaintRegister } from '../../shared/app/complaint-register.js';
import { ComplaintRegisterCheck } from '../../shared/app/complaint-register-check.js';
import { CONTROL_CATALOGUE } from '../../shared/app/controls/catalogue/index.js';
import type { ControlCadence } from '../../shared/app/controls/control-definition.js';
import { ComplaintFactsReader } from '../../shared/app/evaluate-complaints.js';
import { type ControlsReport, EvaluateControls } from '../../shared/app/evaluate-controls.js';
import { KpiQuery } from '../../shared/app/kpi-query.js';
import { purgeInstant } from '../../shared/app/purge-recordings.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { logger } from '../../shared/runtime/logger.js';
import { AgentRepository } from '../../shared/store/agent-repository.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { DynamoComplaintRegister } from '../../shared/store/complaint-register-items.js';
import { ComplaintRepository } from '../../shared/store/complaint-repository.js';
import { conditionalWriter } from '../../shared/store/conditional-writer.js';
import { controlFactSources } from '../../shared/store/control-fact-sources.js';
import { ControlStateRepository } from '../../shared/store/control-state-repository.js';
import { ErasureRequestRepository } from '../../shared/store/erasure-request-repository.js';
import { GovernanceRepository } from '../../shared/store/governance-repository.js';
import { KpiRepository } from '../../shared/store/kpi-repository.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import { QualityRepository } from '../../shared/store/quality-repository.js';
import { DynamoRecordingRepository } from '../../shared/store/recording-repository.js';
import type { ScheduledInvocation } from '../schedules.js';

// Read at cold start: a missing or malformed variable fails the init, not a run.
const config = loadConfig();

const bucket = process.env.LEDGER_ANCHOR_BUCKET?.trim();

const deps = once(() => {
  const db = createDocumentClient(config);
  const { tableName } = config;
  const ledger = new DynamoLedgerRepository(db, tableName);
  const agreements = new AgreementRepository(db, tableName);
  const complaints = new ComplaintRepository(db, tableName);
  const writer = conditionalWriter(db);
  const publisher = EventBridgePublisher.fromConfig(config);
  const quality = new QualityRepository(db, tableName);
  const facts = controlFactSources({
    kpis: new KpiQuery(new KpiRepository(db, tableName), agreements),
    complaints: new ComplaintFactsReader(
      new ComplaintRegister(complaints, agreements, ledger, publisher, writer),
      complaints,
      new ComplaintRegisterCheck(new DynamoComplaintRegister(db, tableName)),
    ),
    agents: new AgentRepository(db, tableName),
    recordings: new DynamoRecordingRepository(db, tableName),
    erasures: new ErasureRequestRepository(db, tableName),
    ledger,
    // Without an anchor store (a test of the chain alone) the chain is checked against its head only.
    anchors: bucket ? new S3LedgerAnchorStore(createS3Client(config), bucket) : { list: async () => [] },
    quality,
    governance: new GovernanceRepository(db, tableName),
  });
  return new EvaluateControls({
    catalogue: CONTROL_CATALOGUE,
    facts,
    agreements,
    store: new ControlStateRepository(db, tableName),
    ledger,
    writer,
    nonconformities: quality,
    publisher,
    tenants: ledger,
    onTenantFailure: (tenantId, error) =>
      logger.error('control evaluation failed; tenant left for the next run', { tenantId, error: error as Error }),
    onControlFailure: ({ tenantId, controlId, error }) =>
      logger.error('control not evaluated; left for the next run', { tenantId, controlId, error: error as Error }),
    onPublishFailure: (tenantId, controlId, error) =>
      logger.warn('transition event not published; the next run publishes it', {
        tenantId,
        controlId,
        error: error as Error,
      }),
  });
});

/** Stop starting new tenants when less than this is left: one tenant is a few dozen reads and a write per change. */
const TIME_RESERVE_MS = 30_000;

/** The schedules of functions/schedules.ts and the cadence each runs; the daily run evaluates every control. */
export const CADENCE_OF_SCHEDULE: Readonly<Record<string, ControlCadence>> = {
  EvaluateControlsHourly: 'hourly',
  EvaluateControlsDaily: 'daily',
};

/**
 * Scheduled (functions/schedules.ts, `EvaluateControlsHourly` and `EvaluateControlsDaily`): evaluates the catalogue's
 * controls due for the schedule's cadence for every tenant as of the invocation's `scheduledTime` (never later than
 * the clock); an invocation without a known schedule runs the daily evaluation.
 */
export const handler = middy<Partial<ScheduledInvocation> | undefined, ControlsReport>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context: Context) => {
    const now = purgeInstant(event?.scheduledTime, () => new Date());
    const cadence = CADENCE_OF_SCHEDULE[event?.schedule ?? ''] ?? 'daily';
    const report = await deps().run(now, cadence, () => context.getRemainingTimeInMillis() > TIME_RESERVE_MS);
    // One line per run, counts only.
    logger.info('controls evaluated', {
      cadence,
      tenants: report.tenants,
      evaluated: report.evaluated,
      disabled: report.disabled,
      failed: report.failed,
      controlFailures: report.failures.length,
      complete: report.complete,
      transitions: report.transitions.length,
      breached: report.transitions.filter((t) => t.to === 'breached').length,
      republished: report.republished,
      asOf: now.toISOString(),
    });
    return report;
  });
