/**
 * API Gateway events for the recording routes, whose paths name a contact or a data subject besides the tenant, and
 * the answers checked against the OpenAPI document (as test/integration/kpis/support/api-event.ts does for routes
 * that name the tenant only).
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { answer, apiEvent, lambdaContext } from '../../kpis/support/api-event.js';

export interface RecordingCall {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  route: string;
  tenantId: string;
  /** Path parameters other than tenantId. */
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  role: string;
  subject?: string;
  /** The tenants the token names (default: the one called). */
  tenants?: string;
}

export function recordingEvent(call: RecordingCall): APIGatewayProxyEventV2WithJWTAuthorizer {
  const event = apiEvent({
    method: call.method === 'DELETE' ? 'PUT' : call.method,
    route: call.route,
    tenantId: call.tenantId,
    ...(call.query === undefined ? {} : { query: call.query }),
    ...(call.body === undefined ? {} : { body: call.body }),
    groups: `[${call.role}]`,
    ...(call.tenants === undefined ? {} : { tenants: call.tenants }),
  });
  let rawPath = event.rawPath;
  for (const [name, value] of Object.entries(call.params ?? {}))
    rawPath = rawPath.replace(`{${name}}`, encodeURIComponent(value));
  const routeKey = `${call.method} ${call.route}`;
  const claims = event.requestContext.authorizer.jwt.claims;
  return {
    ...event,
    routeKey,
    rawPath,
    pathParameters: { ...event.pathParameters, ...call.params },
    requestContext: {
      ...event.requestContext,
      routeKey,
      http: { ...event.requestContext.http, method: call.method, path: rawPath },
      authorizer: {
        ...event.requestContext.authorizer,
        jwt: { ...event.requestContext.authorizer.jwt, claims: { ...claims, sub: call.subject ?? `it-${call.role}` } },
      },
    },
  };
}

type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<unknown>;

/** Calls `handler` with the event of `call`; the answer is checked against the OpenAPI document. */
export async function callRecordingApi(handler: Handler, call: RecordingCall) {
  const event = recordingEvent(call);
  return answer(await handler(event, lambdaContext), event);
}
