import { randomBytes } from 'node:crypto';
import type {
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
} from 'aws-lambda';

/** What the gateway knows about an HTTP request once it has read it. */
export interface IncomingRequest {
  readonly method: string;
  /** Path and query exactly as received (`req.url`). */
  readonly url: string;
  /** Alternating names and values, duplicates kept (`req.rawHeaders`). */
  readonly rawHeaders: readonly string[];
  readonly httpVersion: string;
  readonly sourceIp: string;
  readonly localPort: number;
  readonly body: Buffer;
}

/** The routing outcome and authorizer result the event reports. */
export interface EventRouting {
  readonly routeKey: string;
  readonly pathParameters: Record<string, string>;
  /** Verified claims for a JWT route; `undefined` for a route without authorizer. */
  readonly claims?: Record<string, unknown>;
}

/** Identifiers API Gateway puts in `requestContext`. */
export interface EventIdentity {
  readonly requestId: string;
  readonly accountId: string;
  readonly apiId: string;
  readonly receivedAt: Date;
}

/**
 * Content types whose body API Gateway (HTTP API, payload 2.0) passes as UTF-8 text; every other body,
 * including one without a content type or form-encoded, arrives base64-encoded with `isBase64Encoded: true`.
 */
const TEXT_MEDIA_TYPES = new Set(['application/json', 'application/xml', 'application/javascript']);

/**
 * Builds the payload format 2.0 event API Gateway would send: lower-case header names with duplicates joined by
 * commas, the `cookie` header moved to `cookies`, duplicate query parameters joined by commas, decoded path
 * parameters, the `x-forwarded-*` and `x-amzn-trace-id` headers API Gateway adds, and, behind the JWT
 * authorizer, the claims flattened to strings (see {@link stringifyClaims}).
 */
export function buildRequestEvent(
  request: IncomingRequest,
  routing: EventRouting,
  identity: EventIdentity,
): APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer {
  const queryIndex = request.url.indexOf('?');
  const rawPath = queryIndex === -1 ? request.url : request.url.slice(0, queryIndex);
  const rawQueryString = queryIndex === -1 ? '' : request.url.slice(queryIndex + 1);
  const { headers, cookies } = collectHeaders(request);
  const host = headers.host ?? 'localhost';
  const domainName = host.replace(/:\d+$/, '');
  const queryStringParameters = parseQuery(rawQueryString);
  const body = encodeBody(request.body, headers['content-type']);

  const requestContext: APIGatewayEventRequestContextV2 = {
    accountId: identity.accountId,
    apiId: identity.apiId,
    domainName,
    domainPrefix: domainName.split('.')[0] ?? domainName,
    http: {
      method: request.method,
      path: rawPath,
      protocol: `HTTP/${request.httpVersion}`,
      sourceIp: request.sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: identity.requestId,
    routeKey: routing.routeKey,
    stage: '$default',
    time: formatRequestTime(identity.receivedAt),
    timeEpoch: identity.receivedAt.getTime(),
  };

  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: routing.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters === undefined ? {} : { queryStringParameters }),
    requestContext,
    ...(Object.keys(routing.pathParameters).length > 0 ? { pathParameters: routing.pathParameters } : {}),
    ...(body === undefined ? {} : { body: body.text }),
    isBase64Encoded: body?.isBase64Encoded ?? false,
  };
  if (routing.claims === undefined) return event;
  // Scopes are null because no route here sets authorizationScopes; API Gateway sends null in that case.
  const authorizer = { jwt: { claims: stringifyClaims(routing.claims), scopes: null } };
  return { ...event, requestContext: { ...requestContext, authorizer } };
}

/**
 * Flattens claims the way the HTTP API JWT authorizer does before handing them to the integration: strings as
 * they are, numbers and booleans as their text, arrays as `[a b]` (space-separated in brackets, not JSON),
 * objects as JSON text, and null claims left out. So `cognito:groups: ['admin','auditor']` becomes
 * `'[admin auditor]'` and `exp: 1700000000` becomes `'1700000000'`.
 */
export function stringifyClaims(claims: Record<string, unknown>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    const text = stringifyClaim(value);
    if (text !== undefined) flat[name] = text;
  }
  return flat;
}

/** A request id shaped like API Gateway's (`apigw-requestid`), e.g. `JKJaXmPLvHcESHA=`. */
export function newRequestId(): string {
  return randomBytes(11).toString('base64');
}

function stringifyClaim(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => stringifyClaim(item) ?? '').join(' ')}]`;
  return JSON.stringify(value);
}

function collectHeaders(request: IncomingRequest): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    const name = (request.rawHeaders[index] ?? '').toLowerCase();
    const value = request.rawHeaders[index + 1] ?? '';
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((cookie) => cookie.trim())
          .filter((cookie) => cookie !== ''),
      );
      continue;
    }
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous},${value}`;
  }
  const forwardedFor = headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor === undefined ? request.sourceIp : `${forwardedFor}, ${request.sourceIp}`;
  headers['x-forwarded-port'] = String(request.localPort);
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] = newTraceId();
  return { headers, cookies };
}

function parseQuery(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    const previous = parameters[name];
    parameters[name] = previous === undefined ? value : `${previous},${value}`;
  }
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

function encodeBody(
  body: Buffer,
  contentType: string | undefined,
): { text: string; isBase64Encoded: boolean } | undefined {
  if (body.length === 0) return undefined;
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const isText = mediaType.startsWith('text/') || TEXT_MEDIA_TYPES.has(mediaType);
  return isText
    ? { text: body.toString('utf8'), isBase64Encoded: false }
    : { text: body.toString('base64'), isBase64Encoded: true };
}

/** X-Ray trace header: `Root=1-<epoch seconds, hex>-<24 hex digits>`. */
function newTraceId(): string {
  const epoch = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the CLF-style time API Gateway writes in `requestContext.time`. */
export function formatRequestTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(
    date.getUTCMinutes(),
  )}:${pad(date.getUTCSeconds())} +0000`;
}
