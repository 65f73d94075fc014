import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { cursorSecret } from '../../shared/adapters/cursor-secret.js';
import { versionInForceAt, versionInForceOn } from '../../shared/domain/agreement/agreement-versions.js';
import { defaultAgreementVersion } from '../../shared/domain/agreement/default-agreement.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { apiRoutes } from '../../shared/http/api-routes.js';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { getAgreementRoute, listAgreementVersionsRoute } from './route.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();

const deps = once(() => {
  return {
    agreements: new AgreementRepository(createDocumentClient(config, { tenantScoped: true }), config.tableName),
  };
});

const LIST = 'agreement-versions';

const getAgreement = apiHandler(getAgreementRoute, async ({ path, query, now }) => {
  const versions = await deps().agreements.versions(path.tenantId);
  return {
    body:
      query.at === undefined
        ? versionInForceAt(path.tenantId, versions, now)
        : versionInForceOn(path.tenantId, versions, query.at),
  };
});

const listVersions = apiHandler(listAgreementVersionsRoute, async ({ path, query }) => {
  const secret = await cursorSecret();
  const scope = { tenantId: path.tenantId, list: LIST };
  const before = Number(decodeCursor(secret, scope, query.cursor)?.before ?? Number.POSITIVE_INFINITY);
  const all = [...(await deps().agreements.versions(path.tenantId)), defaultAgreementVersion(path.tenantId)]
    .filter((v) => v.version < before)
    .sort((a, b) => b.version - a.version);
  const page = all.slice(0, query.limit);
  const last = page.at(-1);
  return {
    body: {
      tenantId: path.tenantId,
      versions: page,
      ...(all.length > page.length && last !== undefined
        ? { nextCursor: encodeCursor(secret, scope, { before: last.version }) }
        : {}),
    },
  };
});

/** Serves the agreement in force and its history from one function. */
export const handler = apiRoutes([getAgreement, listVersions]);
