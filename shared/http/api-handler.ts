import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { logger } from '../runtime/logger.js';
import type { EvidenceLedger } from '../store/ledger-repository.js';
import type { ApiRoute } from './api-route.js';
import { isTenantScoped } from './api-route.js';
import { canSeeTenant, hasRole, type Principal, principalFromEvent } from './principal.js';
import { ForbiddenError, HttpError, NotFoundError, toProblem, UnauthorizedError } from './problem.js';
import { parseRequest } from './request-validation.js';

export interface ApiRequest<P, Q, B> {
  path: P;
  query: Q;
  body: B;
  /** Present on every `jwt` route (the wrapper answers 401 otherwise). */
  principal: Principal;
  requestId: string;
  now: Date;
}

export interface ApiResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** For non-JSON answers (zip, HTML): the body is sent as is. */
  raw?: { contentType: string; body: string; isBase64Encoded?: boolean };
}

export interface ApiDeps {
  /** State-changing calls write who did what, when (issue 3 §5); read-only routes need none. */
  ledger?: EvidenceLedger;
  now?: () => Date;
}

const SECURITY_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

function problemResponse(error: unknown, instance: string): APIGatewayProxyStructuredResultV2 {
  const problem = toProblem(error, instance);
  return {
    statusCode: problem.status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'application/problem+json' },
    body: JSON.stringify(problem),
  };
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
  return {
    statusCode: status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'application/json', ...result.headers },
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
 * typed errors mapped once to problem+json, a ledger entry for every successful state-changing call, and logs that
 * carry the request id and tenant but never a token, a body or personal data.
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
    const instance = event.rawPath ?? route.path;
    try {
      const principal = authorize(route as ApiRoute, event);
      logger.appendKeys({
        tenantId: event.pathParameters?.tenantId,
        correlationId: requestId,
        operation: route.operationId,
      });
      const input = parseRequest(route as ApiRoute, event);
      const { ledger, now = () => new Date() } = deps();
      const at = now();
      const result = await useCase({ ...input, principal: principal as Principal, requestId, now: at } as never);
      if (route.method !== 'GET' && ledger !== undefined && principal !== undefined && input.path.tenantId) {
        await ledger.append({
          tenantId: input.path.tenantId,
          occurredAt: at.toISOString(),
          actor: principal.subject,
          kind: `api.${route.operationId}`,
          payload: { method: route.method, path: event.rawPath, status: result.status ?? 200, requestId },
        });
      }
      return toResponse(result);
    } catch (error) {
      if (!(error instanceof HttpError))
        logger.error('request failed', { error: error as Error, operation: route.operationId });
      else if (error.status >= 500) logger.error('request failed', { status: error.status });
      return problemResponse(error, instance);
    }
  };
  return middy<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(handle);
}
