import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { expectDocumentedResponse } from '../../../support/openapi-responses.js';

/** The Lambda context the API handlers get in tests. */
export const lambdaContext = {
  functionName: 'api-test',
  awsRequestId: 'test',
  getRemainingTimeInMillis: () => 30_000,
} as Context;

export interface ApiCall {
  method: 'GET' | 'PUT' | 'POST';
  /** The route path, e.g. `/v1/tenants/{tenantId}/kpis`. */
  route: string;
  tenantId: string;
  query?: Record<string, string>;
  body?: unknown;
  /** As the HTTP API JWT authorizer passes them: `[compliance-officer]`. */
  groups?: string;
  /** The tenants the token names, comma-separated. */
  tenants?: string;
  /** Extra request headers, lower-case names. */
  headers?: Record<string, string>;
}

/** An API Gateway HTTP API (payload 2.0) event as the JWT authorizer hands it to the integration. */
export function apiEvent(call: ApiCall): APIGatewayProxyEventV2WithJWTAuthorizer {
  const rawPath = call.route.replace('{tenantId}', call.tenantId);
  const query = call.query ?? {};
  return {
    version: '2.0',
    routeKey: `${call.method} ${call.route}`,
    rawPath,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: { ...(call.body === undefined ? {} : { 'content-type': 'application/json' }), ...call.headers },
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    pathParameters: { tenantId: call.tenantId },
    ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: call.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: crypto.randomUUID(),
      routeKey: `${call.method} ${call.route}`,
      stage: '$default',
      time: '',
      timeEpoch: Date.now(),
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: {
          claims: {
            sub: 'officer-1',
            'cognito:groups': call.groups ?? '[compliance-officer]',
            'custom:tenants': call.tenants ?? call.tenantId,
          },
          scopes: [],
        },
      },
    },
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/**
 * The parsed answer of a handler call to `event`, checked against the OpenAPI document (status, content type and
 * body), so every integration test that reads an answer also proves the document describes it.
 */
export function answer(
  result: unknown,
  event: Pick<APIGatewayProxyEventV2WithJWTAuthorizer, 'routeKey'>,
): {
  status: number;
  contentType: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
} {
  const r = result as { statusCode: number; headers: Record<string, string>; body?: string };
  const [method = '', route = ''] = event.routeKey.split(' ');
  const parsed = {
    status: r.statusCode,
    contentType: r.headers['content-type'] ?? '',
    headers: r.headers,
    body: r.body === undefined ? {} : JSON.parse(r.body),
  };
  expectDocumentedResponse({ method, route, ...parsed, body: r.body === undefined ? undefined : parsed.body });
  return parsed;
}

/** Calls an API handler with the event of `call` and returns its checked answer (see `answer`). */
export async function callApi(
  handler: (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<unknown>,
  call: ApiCall,
): Promise<ReturnType<typeof answer>> {
  const event = apiEvent(call);
  return answer(await handler(event, lambdaContext), event);
}
