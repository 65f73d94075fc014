import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { RetroactiveTimeZoneChangeError } from '../../shared/domain/agreement/agreement-versions.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { ConflictError, UnprocessableContentError } from '../../shared/http/problem.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { AgreementRepository, IdempotencyKeyReusedError } from '../../shared/store/agreement-repository.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import { putAgreementRoute } from './route.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();

const deps = once(() => {
  const db = createDocumentClient(config, { tenantScoped: true });
  // The version and its ledger entry are written in one transaction.
  return {
    agreements: new AgreementRepository(db, config.tableName, new DynamoLedgerRepository(db, config.tableName)),
  };
});

export const handler = apiHandler(
  putAgreementRoute,
  async ({ path, body, principal, role, requestId, idempotencyKey, now }) => {
    try {
      const { version, outcome, entry } = await deps().agreements.add(path.tenantId, body, {
        recordedBy: principal.subject,
        role,
        recordedAt: now,
        requestId,
        idempotencyKey,
      });
      return outcome === 'created'
        ? { status: 201, body: version, evidence: entry ?? null }
        : { status: 200, body: version, evidence: null, headers: { 'idempotent-replayed': 'true' } };
    } catch (error) {
      if (error instanceof RetroactiveTimeZoneChangeError) throw new ConflictError(error.message);
      if (error instanceof IdempotencyKeyReusedError) throw new UnprocessableContentError(error.message);
      throw error;
    }
  },
);
