import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  buildRequestEvent,
  formatRequestTime,
  type IncomingRequest,
  newRequestId,
  stringifyClaims,
} from '../../../../../infra/local/http-gateway/request-event.js';

const identity = {
  requestId: 'JKJaXmPLvHcESHA=',
  accountId: '000000000000',
  apiId: 'local',
  receivedAt: new Date('2020-03-12T19:03:58.390Z'),
};

function request(overrides: Partial<IncomingRequest> = {}): IncomingRequest {
  return {
    method: 'GET',
    url: '/v1/tenants/acme/kpis',
    rawHeaders: ['Host', '127.0.0.1:3000', 'User-Agent', 'curl/8.5.0'],
    httpVersion: '1.1',
    sourceIp: '127.0.0.1',
    localPort: 3000,
    body: Buffer.alloc(0),
    ...overrides,
  };
}

const routing = { routeKey: 'GET /v1/tenants/{tenantId}/kpis', pathParameters: { tenantId: 'acme' } };

describe('Function: buildRequestEvent', () => {
  it('builds the payload format 2.0 envelope and request context', () => {
    const event = buildRequestEvent(request(), routing, identity);

    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /v1/tenants/{tenantId}/kpis',
      rawPath: '/v1/tenants/acme/kpis',
      rawQueryString: '',
      pathParameters: { tenantId: 'acme' },
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: '127.0.0.1',
        http: {
          method: 'GET',
          path: '/v1/tenants/acme/kpis',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'curl/8.5.0',
        },
        requestId: 'JKJaXmPLvHcESHA=',
        routeKey: 'GET /v1/tenants/{tenantId}/kpis',
        stage: '$default',
        time: '12/Mar/2020:19:03:58 +0000',
        timeEpoch: 1584039838390,
      },
    });
    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('cookies');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event.requestContext).not.toHaveProperty('authorizer');
  });

  it('lower-cases header names, joins duplicates with commas and adds the forwarding headers', () => {
    const event = buildRequestEvent(
      request({ rawHeaders: ['Host', 'h', 'X-Custom', 'one', 'x-custom', 'two', 'X-Forwarded-For', '10.0.0.1'] }),
      routing,
      identity,
    );

    expect(event.headers).toMatchObject({
      host: 'h',
      'x-custom': 'one,two',
      'x-forwarded-for': '10.0.0.1, 127.0.0.1',
      'x-forwarded-port': '3000',
      'x-forwarded-proto': 'http',
    });
    expect(event.headers['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('moves cookies out of the headers into the cookies list', () => {
    const event = buildRequestEvent(
      request({ rawHeaders: ['Cookie', 'a=1; b=2', 'cookie', 'c=3'] }),
      routing,
      identity,
    );
    expect(event.cookies).toEqual(['a=1', 'b=2', 'c=3']);
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('keeps the raw query string and joins repeated parameters with commas, decoded', () => {
    const event = buildRequestEvent(request({ url: '/x?channel=voice&channel=chat&q=a%20b&flag' }), routing, identity);
    expect(event.rawQueryString).toBe('channel=voice&channel=chat&q=a%20b&flag');
    expect(event.queryStringParameters).toEqual({ channel: 'voice,chat', q: 'a b', flag: '' });
    expect(event.rawPath).toBe('/x');
  });

  it.each([
    ['application/json', false],
    ['application/json; charset=utf-8', false],
    ['text/csv', false],
    ['application/xml', false],
    ['application/octet-stream', true],
    ['application/x-www-form-urlencoded', true],
    [undefined, true],
  ])('passes a %s body as text unless API Gateway would base64 it (%s)', (contentType, base64) => {
    const body = Buffer.from('{"purpose":"quality review"}');
    const rawHeaders = contentType === undefined ? [] : ['Content-Type', contentType];
    const event = buildRequestEvent(request({ method: 'POST', rawHeaders, body }), routing, identity);
    expect(event.isBase64Encoded).toBe(base64);
    expect(event.body).toBe(base64 ? body.toString('base64') : body.toString('utf8'));
  });

  it('adds the authorizer with the claims stringified like API Gateway', () => {
    const claims = { sub: 'u-1', 'cognito:groups': ['admin', 'auditor'], exp: 1795975886, email_verified: true };
    const event = buildRequestEvent(
      request(),
      { ...routing, claims },
      identity,
    ) as APIGatewayProxyEventV2WithJWTAuthorizer;
    expect(event.requestContext.authorizer).toEqual({
      jwt: {
        claims: { sub: 'u-1', 'cognito:groups': '[admin auditor]', exp: '1795975886', email_verified: 'true' },
        scopes: null,
      },
    });
  });
});

describe('Function: stringifyClaims', () => {
  it('flattens every claim to a string and drops null ones', () => {
    expect(
      stringifyClaims({
        s: 'text',
        n: 42,
        b: false,
        list: ['a', 'b', 'c'],
        empty: [],
        nested: { a: 1 },
        gone: null,
      }),
    ).toEqual({ s: 'text', n: '42', b: 'false', list: '[a b c]', empty: '[]', nested: '{"a":1}' });
  });
});

describe('Function: formatRequestTime and newRequestId', () => {
  it('formats the time as API Gateway does', () => {
    expect(formatRequestTime(new Date('2026-01-05T03:04:05Z'))).toBe('05/Jan/2026:03:04:05 +0000');
  });

  it('makes distinct request ids shaped like API Gateway ones', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newRequestId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9+/]{15}=$/);
  });
});
