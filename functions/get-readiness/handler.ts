import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { createS3Client, S3LedgerAnchorStore } from '../../shared/adapters/ledger-anchor-store.js';
import { CONTROL_CATALOGUE } from '../../shared/app/controls/catalogue/index.js';
import { readinessOf } from '../../shared/app/readiness.js';
import { verifyLedger } from '../../shared/app/verify-ledger.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { ControlStateRepository } from '../../shared/store/control-state-repository.js';
import { GovernanceRepository } from '../../shared/store/governance-repository.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import { QualityRepository } from '../../shared/store/quality-repository.js';
import { getReadinessRoute } from './route.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();

const bucket = process.env.LEDGER_ANCHOR_BUCKET?.trim();

const deps = once(() => {
  const db = createDocumentClient(config, { tenantScoped: true });
  const ledger = new DynamoLedgerRepository(db, config.tableName);
  // Without an anchor store (a test of the chain alone) the chain is checked against its head only.
  const anchors = bucket ? new S3LedgerAnchorStore(createS3Client(config), bucket) : undefined;
  return {
    agreements: new AgreementRepository(db, config.tableName),
    controls: new ControlStateRepository(db, config.tableName),
    quality: new QualityRepository(db, config.tableName),
    governance: new GovernanceRepository(db, config.tableName),
    ledger: { verify: (tenantId: string) => verifyLedger(ledger, anchors, tenantId) },
  };
});

/** Serves a tenant's certification readiness, judged now. */
export const handler = apiHandler(getReadinessRoute, async ({ path }) => ({
  body: await readinessOf(deps(), CONTROL_CATALOGUE, path.tenantId, new Date()),
}));
