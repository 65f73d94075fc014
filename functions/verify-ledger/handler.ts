import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { createS3Client, S3LedgerAnchorStore } from '../../shared/adapters/ledger-anchor-store.js';
import { verifyLedger } from '../../shared/app/verify-ledger.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import { verifyLedgerRoute } from './route.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();

const bucket = process.env.LEDGER_ANCHOR_BUCKET?.trim();

const deps = once(() => {
  return {
    ledger: new DynamoLedgerRepository(createDocumentClient(config, { tenantScoped: true }), config.tableName),
    // Without an anchor store (a test of the chain alone) the chain is checked against its head only.
    anchors: bucket ? new S3LedgerAnchorStore(createS3Client(config), bucket) : undefined,
  };
});

export const handler = apiHandler(verifyLedgerRoute, async ({ path }) => {
  const { ledger, anchors } = deps();
  return { body: await verifyLedger(ledger, anchors, path.tenantId) };
});
