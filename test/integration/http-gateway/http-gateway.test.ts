import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GatewayRoute, type HttpGateway, startHttpGateway } from '../../../infra/local/http-gateway/index.js';
import {
  issueToken,
  loadOrCreateSigningKey,
  localTokenVerifier,
  type SigningKey,
} from '../../../infra/local/jwt-keys.js';
import { principalFromEvent } from '../../../shared/http/principal.js';

// Needs no stand-in: the gateway, the handlers and the key all live in this process.

interface LogEntry {
  level: string;
  message: string;
  attributes: Record<string, unknown>;
}

const CORS_ORIGIN = 'http://localhost:5173';
const logs: LogEntry[] = [];
const received: { event?: APIGatewayProxyEventV2WithJWTAuthorizer; remainingMs?: number; awsRequestId?: string } = {};
let calls = 0;
let dir: string;
let key: SigningKey;
let gateway: HttpGateway;

const routes: GatewayRoute[] = [
  // A handler typed APIGatewayProxyHandlerV2<T> may return any JSON value; API Gateway then infers the response.
  { method: 'GET', path: '/health', authorization: 'none', invoke: async () => ({ status: 'ok' }) as never },
  { method: 'GET', path: '/greeting', authorization: 'none', invoke: async () => 'Hello from Lambda!' },
  {
    method: 'ANY',
    path: '/v1/tenants/{tenantId}/{proxy+}',
    authorization: 'jwt',
    invoke: async (event, context) => {
      calls += 1;
      received.event = event as APIGatewayProxyEventV2WithJWTAuthorizer;
      received.remainingMs = context.getRemainingTimeInMillis();
      received.awsRequestId = context.awsRequestId;
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"seen":true}' };
    },
  },
  {
    method: 'GET',
    path: '/boom',
    authorization: 'none',
    invoke: async () => {
      throw new Error('connection string postgres://admin:hunter2@db failed');
    },
  },
  { method: 'GET', path: '/malformed', authorization: 'none', invoke: async () => ({ statusCode: 'teapot' }) as never },
  {
    method: 'GET',
    path: '/bad-header',
    authorization: 'none',
    invoke: async () => ({ statusCode: 200, headers: { 'x-bad': 'line\r\nbreak' } }),
  },
  {
    method: 'GET',
    path: '/slow',
    authorization: 'none',
    invoke: () => new Promise((resolve) => setTimeout(() => resolve({ statusCode: 204 }), 1_000)),
  },
  {
    method: 'GET',
    path: '/binary',
    authorization: 'none',
    invoke: async () => ({
      statusCode: 200,
      headers: { 'content-type': 'application/octet-stream', 'access-control-allow-origin': 'https://evil.example' },
      cookies: ['session=abc; HttpOnly', 'theme=dark'],
      body: Buffer.from([0, 1, 2, 255]).toString('base64'),
      isBase64Encoded: true,
    }),
  },
];

async function token(overrides: { ttlSeconds?: number; now?: Date; key?: SigningKey } = {}) {
  return issueToken({
    key: overrides.key ?? key,
    subject: 'officer-1',
    roles: ['compliance-officer', 'auditor'],
    tenants: ['acme', 'globex'],
    ...(overrides.ttlSeconds === undefined ? {} : { ttlSeconds: overrides.ttlSeconds }),
    ...(overrides.now === undefined ? {} : { now: overrides.now }),
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'http-gateway-'));
  key = await loadOrCreateSigningKey(join(dir, 'keys'));
  gateway = await startHttpGateway({
    port: 0,
    routes,
    verifyToken: localTokenVerifier(key),
    maxBodyBytes: 1024,
    integrationTimeoutMs: 300,
    corsOrigins: [CORS_ORIGIN],
    logger: {
      info: (message, attributes) => logs.push({ level: 'info', message, attributes }),
      warn: (message, attributes) => logs.push({ level: 'warn', message, attributes }),
      error: (message, attributes) => logs.push({ level: 'error', message, attributes }),
    },
  });
});

afterAll(async () => {
  await gateway.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  calls = 0;
  received.event = undefined;
});

describe('Local HTTP gateway: the event a handler receives', () => {
  it('matches what API Gateway sends, claims stringified as the JWT authorizer does', async () => {
    const bearer = await token();
    const response = await fetch(
      `${gateway.url}/v1/tenants/acme/kpis/daily?channel=voice&channel=chat&from=2026-01-01`,
      {
        headers: { authorization: `Bearer ${bearer}`, 'X-Correlation-Id': 'c-1', cookie: 'a=1; b=2' },
      },
    );

    expect(response.status).toBe(200);
    const event = received.event!;
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('ANY /v1/tenants/{tenantId}/{proxy+}');
    expect(event.rawPath).toBe('/v1/tenants/acme/kpis/daily');
    expect(event.rawQueryString).toBe('channel=voice&channel=chat&from=2026-01-01');
    expect(event.pathParameters).toEqual({ tenantId: 'acme', proxy: 'kpis/daily' });
    expect(event.queryStringParameters).toEqual({ channel: 'voice,chat', from: '2026-01-01' });
    expect(event.headers['x-correlation-id']).toBe('c-1');
    expect(event.headers.authorization).toBe(`Bearer ${bearer}`);
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.requestContext).toMatchObject({ stage: '$default', http: { method: 'GET', sourceIp: '127.0.0.1' } });
    expect(event.requestContext.requestId).toBe(response.headers.get('apigw-requestid'));

    const claims = event.requestContext.authorizer.jwt.claims;
    expect(claims['cognito:groups']).toBe('[compliance-officer auditor]');
    expect(claims['custom:tenants']).toBe('acme,globex');
    expect(claims.exp).toMatch(/^\d+$/);
    expect(claims.iss).toBe('ccc-compliance-local');
    expect(principalFromEvent(event)).toEqual({
      subject: 'officer-1',
      roles: ['compliance-officer', 'auditor'],
      tenants: ['acme', 'globex'],
    });
    expect(received.remainingMs).toBeGreaterThan(0);
    expect(received.remainingMs).toBeLessThanOrEqual(300);
    expect(received.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts the token without the Bearer prefix, as the authorizer does', async () => {
    const response = await fetch(`${gateway.url}/v1/tenants/acme/controls`, {
      headers: { authorization: await token() },
    });
    expect(response.status).toBe(200);
  });

  it('passes a JSON body as text and a binary one base64-encoded', async () => {
    const headers = { authorization: `Bearer ${await token()}` };
    await fetch(`${gateway.url}/v1/tenants/acme/erasure-requests`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"customerRef":"c-42"}',
    });
    expect(received.event).toMatchObject({ body: '{"customerRef":"c-42"}', isBase64Encoded: false });

    await fetch(`${gateway.url}/v1/tenants/acme/uploads`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0, 255]),
    });
    expect(received.event).toMatchObject({ body: 'AP8=', isBase64Encoded: true });
  });
});

describe('Local HTTP gateway: the JWT authorizer', () => {
  it.each<[string, () => Promise<Record<string, string>>]>([
    ['no authorization header', async () => ({})],
    ['an empty bearer', async () => ({ authorization: 'Bearer ' })],
    ['garbage', async () => ({ authorization: 'Bearer not.a.jwt' })],
    [
      'an expired token',
      async () => ({
        authorization: `Bearer ${await token({ ttlSeconds: 60, now: new Date(Date.now() - 7_200_000) })}`,
      }),
    ],
    [
      'a token signed by another key',
      async () => ({
        authorization: `Bearer ${await token({ key: await loadOrCreateSigningKey(join(dir, 'other')) })}`,
      }),
    ],
  ])('answers 401 Unauthorized for %s without calling the handler', async (_case, headers) => {
    const response = await fetch(`${gateway.url}/v1/tenants/acme/kpis`, { headers: await headers() });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(calls).toBe(0);
  });

  it('says why an expired token was refused', async () => {
    const expired = await token({ ttlSeconds: 60, now: new Date(Date.now() - 7_200_000) });
    const response = await fetch(`${gateway.url}/v1/tenants/acme/kpis`, {
      headers: { authorization: `Bearer ${expired}` },
    });
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(response.headers.get('www-authenticate')).toContain('expired');
  });
});

describe('Local HTTP gateway: gateway answers', () => {
  it('infers 200 JSON from a result without statusCode', async () => {
    const response = await fetch(`${gateway.url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('apigw-requestid')).toMatch(/=$/);
    expect(await response.json()).toEqual({ status: 'ok' });

    const greeting = await fetch(`${gateway.url}/greeting`);
    expect(await greeting.text()).toBe('Hello from Lambda!');
  });

  it('answers 404 Not Found for an unknown path or method, even without a token', async () => {
    for (const [method, path] of [
      ['GET', '/nowhere'],
      ['POST', '/health'],
      ['GET', '/v1/tenants/acme'],
    ] as const) {
      const response = await fetch(`${gateway.url}${path}`, { method });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ message: 'Not Found' });
    }
  });

  it('answers 413 for a body over the limit', async () => {
    const response = await fetch(`${gateway.url}/v1/tenants/acme/erasure-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
      body: 'x'.repeat(2048),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
    expect(calls).toBe(0);
  });

  it('answers 413 for a streamed body that grows over the limit', async () => {
    const chunks = [new Uint8Array(800), new Uint8Array(800)];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk === undefined) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${gateway.url}/v1/tenants/acme/uploads`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/octet-stream' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(calls).toBe(0);
  });

  it('answers 500 when the handler throws, logging the error but never returning it', async () => {
    const response = await fetch(`${gateway.url}/boom`);
    const text = await response.text();

    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ message: 'Internal Server Error' });
    expect(text).not.toContain('hunter2');
    const logged = logs.find((entry) => entry.message === 'integration failed');
    expect(logged?.attributes.error).toBeInstanceOf(Error);
    expect(String((logged?.attributes.error as Error | undefined)?.message)).toContain('hunter2');
  });

  it('answers 500 for a response API Gateway could not use', async () => {
    for (const path of ['/malformed', '/bad-header']) {
      const response = await fetch(`${gateway.url}${path}`);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ message: 'Internal Server Error' });
    }
  });

  it('answers 503 when the handler outlives the integration timeout', async () => {
    const response = await fetch(`${gateway.url}/slow`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ message: 'Service Unavailable' });
  });

  it('writes cookies as separate set-cookie headers and decodes a base64 body', async () => {
    const response = await fetch(`${gateway.url}/binary`);
    expect(response.headers.getSetCookie()).toEqual(['session=abc; HttpOnly', 'theme=dark']);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0, 1, 2, 255]);
  });

  it('serves HEAD from the GET route without a body', async () => {
    const response = await fetch(`${gateway.url}/health`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('answers CORS preflights itself and replaces the CORS headers of the integration', async () => {
    const preflight = await fetch(`${gateway.url}/v1/tenants/acme/kpis`, {
      method: 'OPTIONS',
      headers: {
        origin: CORS_ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(CORS_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization');

    const actual = await fetch(`${gateway.url}/binary`, { headers: { origin: CORS_ORIGIN } });
    expect(actual.headers.get('access-control-allow-origin')).toBe(CORS_ORIGIN);
    const foreign = await fetch(`${gateway.url}/binary`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('writes one access-log line per request, without token or body', async () => {
    const bearer = await token();
    await fetch(`${gateway.url}/v1/tenants/acme/kpis?from=2026-01-01`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    await new Promise((resolve) => setTimeout(resolve, 20));

    const line = logs.filter((entry) => entry.message === 'http request').at(-1);
    expect(line?.attributes).toMatchObject({ method: 'GET', path: '/v1/tenants/acme/kpis', status: 200 });
    expect(line?.attributes.requestId).toEqual(expect.any(String));
    expect(line?.attributes.latencyMs).toEqual(expect.any(Number));
    expect(JSON.stringify(logs)).not.toContain(bearer);
  });

  it('survives a malformed HTTP request', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(gateway.port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString();
      });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
  });
});
