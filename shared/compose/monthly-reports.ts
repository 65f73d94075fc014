/**
 * Composition of the monthly reports (shared/app/monthly-reports.ts) for the Lambda entries that produce them (the
 * `reports` routes and the daily `surveil-tenant`) and the tests that drive them like them: the figures from the
 * single table through the routes' own readers, the reports bucket (`REPORTS_BUCKET`, SSE-KMS with
 * `REPORTS_KMS_KEY_ID`), SES v2 (`SES_ENDPOINT` on one machine; from `REPORTS_FROM_ADDRESS`, authorised through
 * `REPORTS_FROM_IDENTITY_ARN` when set), the ledger, and the bus. The variables are read when this is called: at cold
 * start, as the handlers call it.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clientOptions } from '../adapters/aws-clients.js';
import { EventBridgePublisher } from '../adapters/event-publisher.js';
import { createS3Client, S3LedgerAnchorStore } from '../adapters/ledger-anchor-store.js';
import { S3ReportArchive } from '../adapters/report-archive.js';
import { VegaReportRenderer } from '../adapters/report-renderer.js';
import { SesReportMailer } from '../adapters/ses-mailer.js';
import type { RetryBudget } from '../app/budgets.js';
import { KpiQuery } from '../app/kpi-query.js';
import type { MonthlyReportSources } from '../app/monthly-report-figures.js';
import { MonthlyReports, type MonthlyReportsDeps } from '../app/monthly-reports.js';
import { type RuntimeConfig, requiredVariable } from '../runtime/config.js';
import { AgentRepository } from '../store/agent-repository.js';
import { AgreementRepository } from '../store/agreement-repository.js';
import { ComplaintRepository } from '../store/complaint-repository.js';
import { ControlStateRepository } from '../store/control-state-repository.js';
import { dynamoEvidenceSources } from '../store/evidence-sources.js';
import { KpiRepository } from '../store/kpi-repository.js';
import { DynamoLedgerRepository } from '../store/ledger-repository.js';
import { QualityRepository } from '../store/quality-repository.js';
import { ReportRepository } from '../store/report-repository.js';

/** The sender on one machine, where the SES stand-in accepts any address. */
export const LOCAL_FROM_ADDRESS = 'reports@ccc-compliance.local';

/** The routes' readers, so that the report's figures are the API's. */
export function monthlyReportSources(
  db: DynamoDBDocumentClient,
  config: RuntimeConfig,
  env: NodeJS.ProcessEnv = process.env,
): MonthlyReportSources {
  const table = config.tableName;
  const agreements = new AgreementRepository(db, table);
  const kpis = new KpiRepository(db, table);
  const kpiQuery = new KpiQuery(kpis, agreements);
  const controls = new ControlStateRepository(db, table);
  const anchorBucket = env.LEDGER_ANCHOR_BUCKET?.trim();
  return {
    agreements,
    kpis,
    kpiReport: (request) => kpiQuery.report(request),
    complaints: new ComplaintRepository(db, table),
    agents: new AgentRepository(db, table),
    controls: {
      states: (tenantId, ids) => controls.states(tenantId, ids),
      history: (tenantId, window) => controls.history(tenantId, window),
    },
    quality: new QualityRepository(db, table),
    erasureRequests: dynamoEvidenceSources(db, table).erasureRequests,
    ledger: new DynamoLedgerRepository(db, table),
    ...(anchorBucket ? { anchors: new S3LedgerAnchorStore(createS3Client(config), anchorBucket) } : {}),
  };
}

export interface MonthlyReportsOverrides extends Partial<MonthlyReportsDeps> {
  /** Tests shorten the SES retry waits. */
  sendRetry?: RetryBudget;
}

export function monthlyReports(
  db: DynamoDBDocumentClient,
  config: RuntimeConfig,
  overrides: MonthlyReportsOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
): MonthlyReports {
  const bucket = requiredVariable('REPORTS_BUCKET', env);
  const kmsKeyId = env.REPORTS_KMS_KEY_ID?.trim() || undefined;
  const from = env.REPORTS_FROM_ADDRESS?.trim() || LOCAL_FROM_ADDRESS;
  const fromIdentityArn = env.REPORTS_FROM_IDENTITY_ARN?.trim() || undefined;
  // One attempt per call: the mailer's own retries (SES_SEND_RETRY) decide, not the SDK's on top of them.
  const ses = new SESv2Client({ ...clientOptions(config, config.endpoints.ses), maxAttempts: 1 });
  const { sendRetry, renderer = new VegaReportRenderer(), ...deps } = overrides;
  return new MonthlyReports({
    sources: monthlyReportSources(db, config, env),
    renderer,
    archive: new S3ReportArchive(createS3Client(config), { bucket, ...(kmsKeyId ? { kmsKeyId } : {}) }),
    mailer: new SesReportMailer(ses, {
      from,
      ...(fromIdentityArn ? { fromIdentityArn } : {}),
      ...(sendRetry ? { retry: sendRetry } : {}),
    }),
    store: new ReportRepository(db, config.tableName),
    ledger: new DynamoLedgerRepository(db, config.tableName),
    publisher: EventBridgePublisher.fromConfig(config),
    ...deps,
  });
}
