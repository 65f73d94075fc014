import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import { verifyLedgerRoute } from './route.js';

const deps = once(() => {
  const config = loadConfig();
  return { ledger: new DynamoLedgerRepository(createDocumentClient(config), config.tableName) };
});

export const handler = apiHandler(verifyLedgerRoute, async ({ path }) => ({
  body: await deps().ledger.verify(path.tenantId),
}));
