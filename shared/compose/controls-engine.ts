/**
 * Composition of the controls engine (shared/app/evaluate-controls.ts) on the single table, shared by the Lambda
 * entries that run it: the hourly `evaluate-controls` and the daily `surveil-tenant`. The ledger control reads the
 * anchors in `LEDGER_ANCHOR_BUCKET` when it is set; without it (a test of the chain alone) the chain is checked
 * against its head only.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgePublisher } from '../adapters/event-publisher.js';
import { createS3Client, S3LedgerAnchorStore } from '../adapters/ledger-anchor-store.js';
import { ComplaintRegister } from '../app/complaint-register.js';
import { ComplaintRegisterCheck } from '../app/complaint-register-check.js';
import { CONTROL_CATALOGUE } from '../app/controls/catalogue/index.js';
import { ComplaintFactsReader } from '../app/evaluate-complaints.js';
import { type EngineDeps, EvaluateControls } from '../app/evaluate-controls.js';
import { KpiQuery } from '../app/kpi-query.js';
import type { RuntimeConfig } from '../runtime/config.js';
import { AgentRepository } from '../store/agent-repository.js';
import { AgreementRepository } from '../store/agreement-repository.js';
import { DynamoComplaintRegister } from '../store/complaint-register-items.js';
import { ComplaintRepository } from '../store/complaint-repository.js';
import { conditionalWriter } from '../store/conditional-writer.js';
import { controlFactSources } from '../store/control-fact-sources.js';
import { ControlStateRepository } from '../store/control-state-repository.js';
import { ErasureRequestRepository } from '../store/erasure-request-repository.js';
import { GovernanceRepository } from '../store/governance-repository.js';
import { KpiRepository } from '../store/kpi-repository.js';
import { DynamoLedgerRepository } from '../store/ledger-repository.js';
import { QualityRepository } from '../store/quality-repository.js';
import { DynamoRecordingRepository } from '../store/recording-repository.js';

/** How failures are reported: the handler's logger. */
export type EngineReporting = Pick<EngineDeps, 'onTenantFailure' | 'onControlFailure' | 'onPublishFailure'>;

export function controlsEngine(
  db: DynamoDBDocumentClient,
  config: RuntimeConfig,
  reporting: EngineReporting,
  env: NodeJS.ProcessEnv = process.env,
): EvaluateControls {
  const { tableName } = config;
  const bucket = env.LEDGER_ANCHOR_BUCKET?.trim();
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
    ...reporting,
  });
}
