import { randomUUID } from 'node:crypto';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { cursorSecret } from '../../shared/adapters/cursor-secret.js';
import { ErasureRequestIdReusedError } from '../../shared/app/erasure-requests.js';
import { eraseDataSubject, recordingObjects } from '../../shared/compose/recording-deletion.js';
import { type ApiResult, apiHandler } from '../../shared/http/api-handler.js';
import { apiRoutes } from '../../shared/http/api-routes.js';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor.js';
import { ConflictError, toProblem } from '../../shared/http/problem.js';
import { loadConfig, once, requiredVariable } from '../../shared/runtime/config.js';
import { listErasureRequestsRoute, requestErasureRoute } from './route.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();
const bucket = requiredVariable('RECORDINGS_BUCKET');

const deps = once(() => ({
  erase: eraseDataSubject(
    createDocumentClient(config, { tenantScoped: true }),
    config,
    recordingObjects(config, bucket),
  ),
}));

const LIST = 'erasure-requests';

const requestErasure = apiHandler(
  requestErasureRoute,
  async ({ path, body, principal, role, requestId, idempotencyKey, now }): Promise<ApiResult> => {
    const erasureId = body.requestId ?? idempotencyKey ?? randomUUID();
    const input = {
      requestId: erasureId,
      customerRef: body.customerRef,
      receivedAt: body.receivedAt === undefined ? now : new Date(body.receivedAt),
      requestedBy: principal.subject,
      via: 'api' as const,
    };
    const actor = { actor: principal.subject, actorRole: role, requestId };
    let executed: Awaited<ReturnType<ReturnType<typeof deps>['erase']['execute']>>;
    try {
      executed = await deps().erase.execute(path.tenantId, input, now, actor);
    } catch (error) {
      if (error instanceof ErasureRequestIdReusedError) throw new ConflictError(error.message);
      throw error;
    }
    const { outcome, request, entry } = executed;
    if (outcome === 'replayed')
      return { status: 200, body: request, evidence: null, headers: { 'idempotent-replayed': 'true' } };
    if (outcome === 'completed') return { status: 201, body: request, evidence: entry ?? null };
    const held = request.recordingsHeld;
    const problem = toProblem(
      new ConflictError(
        `Erasure blocked by a legal hold on ${held.length} recording(s) of this data subject: ${held.join(', ')}. ` +
          'Nothing was deleted; the request is kept as blocked and executes when sent again after the holds are released.',
      ),
      `/v1/tenants/${path.tenantId}/erasure-requests`,
    );
    return {
      status: 409,
      headers: { 'content-type': 'application/problem+json' },
      body: { ...problem, requestId: request.requestId, recordingsHeld: held },
      evidence: entry ?? null,
    };
  },
);

const listRequests = apiHandler(listErasureRequestsRoute, async ({ path, query, now }) => {
  const secret = await cursorSecret();
  const scope = { tenantId: path.tenantId, list: LIST };
  const after = decodeCursor(secret, scope, query.cursor)?.after;
  const page = await deps().erase.list(
    path.tenantId,
    { limit: query.limit, ...(typeof after === 'string' ? { after } : {}) },
    now,
  );
  return {
    body: {
      tenantId: path.tenantId,
      requests: page.requests,
      ...(page.next === undefined ? {} : { nextCursor: encodeCursor(secret, scope, { after: page.next }) }),
    },
  };
});

/** Executes (POST) and lists (GET) a tenant's erasure requests from one function. */
export const handler = apiRoutes([requestErasure, listRequests]);
