import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { RetroactiveTimeZoneChangeError } from '../../shared/domain/agreement/agreement-versions.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { ConflictError } from '../../shared/http/problem.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import { putAgreementRoute } from './route.js';

const deps = once(() => {
  const config = loadConfig();
  const db = createDocumentClient(config);
  return {
    agreements: new AgreementRepository(db, config.tableName),
    // The ledger records who changed the agreement and when (apiHandler appends on success).
    ledger: new DynamoLedgerRepository(db, config.tableName),
  };
});

export const handler = apiHandler(
  putAgreementRoute,
  async ({ path, body, principal, now }) => {
    try {
      const version = await deps().agreements.add(path.tenantId, body, {
        recordedBy: principal.subject,
        recordedAt: now,
      });
      return { status: 201, body: version };
    } catch (error) {
      if (error instanceof RetroactiveTimeZoneChangeError) throw new ConflictError(error.message);
      throw error;
    }
  },
  deps,
);
