import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { versionInForceAt, versionInForceOn } from '../../shared/domain/agreement/agreement-versions.js';
import { defaultAgreementVersion } from '../../shared/domain/agreement/default-agreement.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { BadRequestError } from '../../shared/http/problem.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { getAgreementRoute, listAgreementVersionsRoute } from './route.js';

const deps = once(() => {
  const config = loadConfig();
  return { agreements: new AgreementRepository(createDocumentClient(config), config.tableName) };
});

/** Version numbers are not secret and the tenant comes from the authorised path: the cursor only carries one. */
const encodeCursor = (version: number) => Buffer.from(`v${version}`).toString('base64url');

function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return Number.POSITIVE_INFINITY;
  const match = /^v(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match === null)
    throw new BadRequestError('The cursor is not valid for this list', [
      { in: 'query', path: 'cursor', message: 'invalid cursor' },
    ]);
  return Number(match[1]);
}

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
  const before = decodeCursor(query.cursor);
  const all = [...(await deps().agreements.versions(path.tenantId)), defaultAgreementVersion(path.tenantId)]
    .filter((v) => v.version < before)
    .sort((a, b) => b.version - a.version);
  const page = all.slice(0, query.limit);
  const last = page.at(-1);
  return {
    body: {
      tenantId: path.tenantId,
      versions: page,
      ...(all.length > page.length && last !== undefined ? { nextCursor: encodeCursor(last.version) } : {}),
    },
  };
});

/** Serves the agreement in force and its history from one function. */
export const handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) =>
  event.routeKey === `GET ${listAgreementVersionsRoute.path}` || event.rawPath?.endsWith('/agreement/versions')
    ? listVersions(event, context)
    : getAgreement(event, context);
