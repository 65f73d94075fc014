import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { AddAgreementVersion } from '../../shared/app/add-agreement-version.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import { putAgreementRoute } from './route.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();

const deps = once(() => {
  const db = createDocumentClient(config, { tenantScoped: true });
  // The version and its ledger entry are written in one transaction.
  return {
    agreements: new AddAgreementVersion(
      new AgreementRepository(db, config.tableName),
      new DynamoLedgerRepository(db, config.tableName),
    ),
  };
});

export const handler = apiHandler(
  putAgreementRoute,
  async ({ path, body, principal, role, requestId, idempotencyKey, now }) => {
    // A retroactive time-zone change (409) or a reused Idempotency-Key (422) is answered by the edge
    // (shared/http/problem-errors.ts), as every typed error is.
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
  },
);
