import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { runInTenantScope } from '../adapters/tenant-scope.js';
import { logger } from '../runtime/logger.js';
import type { ApiRoute } from './api-route.js';
import { isTenantScoped } from './api-route.js';
import { canSeeTenant, hasRole, type Principal, principalFromEvent } from './principal.js';
import { BadRequestError, ForbiddenError, NotFoundError, UnauthorizedError } from './problem.js';
import { problemErrors, SECURITY_HEADERS } from './problem-errors.js';
import { parseRequest } from './request-validation.js';
import type { Role } from './roles.js';

export interface ApiRequest<P, Q, B> {
  path: P;
  query: Q;
  body: B;
  /** Present on every `jwt` route (the wrapper answers 401 otherwise). */
  principal: Principal;
  /** The role under which the principal may call this route: the first of its roles that the route admits. */
  role: Role;
  requestId: string;
  /** The `Idempotency-Key` header of a state-changing call, when the client sent one. */
  idempotencyKey?: string;
  now: Date;
}

export interface ApiResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** For non-JSON answers (zip, HTML): the body is sent as is. */
  raw?: { contentType: string; body: string; isBase64Encoded?: boolean };
  /**
   * The ledger entry a state-changing call wrote in the same transaction as its change (sent back as
   * `ledger-sequence`), or `null` when the call changed nothing (an idempotent retry).
   */
  evidence?: { sequence: number } | null;
}

export interface ApiDeps {
  now?: () => Date;
}

/** Printable ASCII without spaces, as the Idempotency-Key header is used across HTTP APIs. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

function idempotencyKeyOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): string | undefined {
  const value = event.headers?.['idempotency-key'];
  if (value === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(value))
    throw new BadRequestError('Invalid Idempotency-Key header', [
      { in: 'header', path: 'idempotency-key', message: 'must be 1 to 128 printable ASCII characters, no spaces' },
    ]);
  return value;
}

function toResponse(result: ApiResult): APIGatewayProxyStructuredResultV2 {
  const status = result.status ?? 200;
  if (result.raw !== undefined) {
    return {
      statusCode: status,
      headers: { ...SECURITY_HEADERS, 'content-type': result.raw.contentType, ...result.headers },
      body: result.raw.body,
      isBase64Encoded: result.raw.isBase64Encoded ?? false,
    };
  }
  const evidence: Record<string, string> = result.evidence
    ? { 'ledger-sequence': String(result.evidence.sequence) }
    : {};
  return {
    statusCode: status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'application/json', ...evidence, ...result.headers },
    ...(result.body === undefined ? {} : { body: JSON.stringify(result.body) }),
  };
}

/**
 * Authorises a request again inside the function (defence in depth behind the API Gateway authorizer), in an order
 * that leaks nothing: no principal → 401; a tenant the token does not name → 404, exactly as for a tenant that does
 * not exist, whatever the role; a visible tenant with the wrong role → 403.
 */
export function authorize(route: ApiRoute, event: APIGatewayProxyEventV2WithJWTAuthorizer): Principal | undefined {
  if (route.authorization === 'none') return undefined;
  const principal = principalFromEvent(event);
  if (principal === undefined) throw new UnauthorizedError();
  const tenantId = event.pathParameters?.tenantId;
  if (isTenantScoped(route) && (tenantId === undefined || !canSeeTenant(principal, tenantId))) {
    throw new NotFoundError('No such tenant');
  }
  if (!hasRole(principal, ...route.roles)) throw new ForbiddenError();
  return principal;
}

/**
 * Builds a route's Lambda handler: authorisation, validation of path, query and body from the route's schemas,
 * typed errors mapped once to problem+json (a busy or unreachable store as 503 with `Retry-After`), and logs that
 * carry the request id and tenant but never a token, a body or personal data. A state-changing use case writes its
 * ledger entry in the same transaction as its change (`EvidenceLedger.commit`) and returns it as `evidence`.
 */
export function apiHandler<P extends z.ZodObject, Q extends z.ZodObject, B extends z.ZodType | undefined>(
  route: ApiRoute<P, Q, B>,
  useCase: (
    request: ApiRequest<z.infer<P>, z.infer<Q>, B extends z.ZodType ? z.infer<B> : undefined>,
  ) => Promise<ApiResult>,
  deps: () => ApiDeps = () => ({}),
) {
  const handle = async (event: APIGatewayProxyEventV2WithJWTAuthorizer, _context: Context) => {
    const requestId = event.requestContext?.requestId ?? 'unknown';
    const principal = authorize(route as ApiRoute, event);
    logger.appendKeys({
      tenantId: event.pathParameters?.tenantId,
      correlationId: requestId,
      operation: route.operationId,
    });
    const input = parseRequest(route as ApiRoute, event);
    const idempotencyKey = route.method === 'GET' ? undefined : idempotencyKeyOf(event);
    const { now = () => new Date() } = deps();
    const role = principal?.roles.find((r) => route.roles.includes(r));
    const request = { ...input, principal, role, requestId, idempotencyKey, now: now() };
    // Data-layer isolation: a tenant route's store calls are refused outside its tenant (tenant-scope.ts).
    const tenantId = input.path.tenantId;
    const result = await (tenantId === undefined
      ? useCase(request as never)
      : runInTenantScope(tenantId, () => useCase(request as never)));
    if (route.method !== 'GET' && (result.status ?? 200) < 300 && result.evidence === undefined)
      logger.error('state-changing route answered without evidence', { operation: route.operationId });
    return toResponse(result);
  };
  const lambda = middy<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(problemErrors({ operation: route.operationId, path: route.path }))
    .handler(handle);
  return Object.assign(lambda, { route: route as ApiRoute });
}
