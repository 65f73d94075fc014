/**
 * Tenant isolation and authentication, proven for every route the API serves. The cases are generated from the
 * router itself (`functions/routes.ts`), so a route added later is covered without editing this file.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../../functions/routes.js';
import { type HttpGateway, startHttpGateway } from '../../../infra/local/http-gateway/index.js';
import {
  issueToken,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  loadOrCreateSigningKey,
  localTokenVerifier,
  type SigningKey,
} from '../../../infra/local/jwt-keys.js';
import { gatewayRoutes } from '../../../infra/local/system.js';
import type { ApiRoute } from '../../../shared/http/api-route.js';
import { isTenantScoped } from '../../../shared/http/api-route.js';
import { ROLES, type Role } from '../../../shared/http/roles.js';
import { expectDocumentedResponse } from '../../support/openapi-responses.js';
import { useStandInEnvironment } from '../../support/stand-ins.js';

useStandInEnvironment();

const OWN = `own-${crypto.randomUUID().slice(0, 8)}`;
const FOREIGN = `foreign-${crypto.randomUUID().slice(0, 8)}`;
const NONEXISTENT = `ghost-${crypto.randomUUID().slice(0, 8)}`;

let gateway: HttpGateway;
let key: SigningKey;
let otherKey: SigningKey;

beforeAll(async () => {
  key = await loadOrCreateSigningKey(mkdtempSync(join(tmpdir(), 'iso-key-')));
  otherKey = await loadOrCreateSigningKey(mkdtempSync(join(tmpdir(), 'iso-other-')));
  gateway = await startHttpGateway({
    port: 0,
    routes: await gatewayRoutes(process.cwd()),
    verifyToken: localTokenVerifier(key),
  });
});

afterAll(async () => {
  await gateway?.close();
});

const token = (role: Role, tenants: string[], signer = key, now?: Date) =>
  issueToken({
    key: signer,
    subject: `iso-${role}`,
    roles: [role],
    tenants,
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    ...(now ? { now } : {}),
  });

function url(route: ApiRoute, tenantId: string): string {
  let path = route.path.replace('{tenantId}', tenantId);
  for (const [name, value] of Object.entries(route.example?.path ?? {}))
    path = path.replace(`{${name}}`, encodeURIComponent(value));
  const query = new URLSearchParams(route.example?.query ?? {}).toString();
  return `${gateway.url}${path}${query ? `?${query}` : ''}`;
}

async function call(route: ApiRoute, tenantId: string, bearer?: string) {
  const headers: Record<string, string> = bearer === undefined ? {} : { authorization: `Bearer ${bearer}` };
  const body = route.example?.body === undefined ? undefined : JSON.stringify(route.example.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  // A 303 (the evidence pack's link) is the route's answer; following it would test S3 instead.
  const response = await fetch(url(route, tenantId), { method: route.method, headers, body, redirect: 'manual' });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  const json = /json/.test(contentType) && text !== '' ? JSON.parse(text) : undefined;
  expectDocumentedResponse({
    method: route.method,
    route: route.path,
    status: response.status,
    contentType,
    body: json,
  });
  return { status: response.status, contentType, text };
}

const label = (r: ApiRoute) => `${r.method} ${r.path}`;
const protectedRoutes = routes.filter((r) => r.authorization === 'jwt');
const publicRoutes = routes.filter((r) => r.authorization === 'none');

describe('API: every route × role × tenant', () => {
  it('covers routes that exist (the router is not empty)', () => {
    expect(protectedRoutes.length).toBeGreaterThan(0);
    expect(publicRoutes.map((r) => r.path)).toEqual(expect.arrayContaining(['/health', '/openapi.json', '/docs']));
  });

  describe.each(protectedRoutes.map((r) => [label(r), r] as const))('%s', (_name, route) => {
    it.each(ROLES.map((role) => [role] as const))(
      'role %s: own tenant allowed or 403, foreign tenant 404',
      async (role) => {
        const own = await call(route, OWN, await token(role, [OWN]));
        if (route.roles.includes(role)) {
          // A route whose example names a resource of the tenant (a contact's recording) finds none in this empty
          // tenant: its 404 names the resource, not the tenant, so the tenant was seen and the role admitted.
          const namesResource = Object.keys(route.example?.path ?? {}).length > 0;
          if (namesResource && own.status === 404) expect(own.text).not.toContain('No such tenant');
          else expect(own.status, own.text).toBeLessThan(400);
        } else {
          expect(own.status, own.text).toBe(403);
          expect(own.contentType).toContain('application/problem+json');
        }

        if (isTenantScoped(route)) {
          const foreign = await call(route, FOREIGN, await token(role, [OWN]));
          const ghost = await call(route, NONEXISTENT, await token(role, [OWN]));
          expect(foreign.status).toBe(404);
          expect(foreign.contentType).toContain('application/problem+json');
          // Indistinguishable from a tenant that does not exist: same problem, only the echoed path differs.
          expect(foreign.text.replaceAll(FOREIGN, 'X')).toBe(ghost.text.replaceAll(NONEXISTENT, 'X'));
        }
      },
    );

    it('refuses a missing, expired, foreign-signed or unsigned token with 401', async () => {
      const role = route.roles[0] ?? 'admin';
      const expired = await token(role, [OWN], key, new Date(Date.now() - 13 * 3600_000));
      const foreignSigned = await token(role, [OWN], otherKey);
      const unsigned = new UnsecuredJWT({ 'cognito:groups': [role], 'custom:tenants': OWN })
        .setSubject('attacker')
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('1h')
        .encode();
      for (const bearer of [undefined, expired, foreignSigned, unsigned, 'not-a-jwt']) {
        const answer = await call(route, OWN, bearer);
        expect(answer.status, `token ${bearer?.slice(0, 12)}`).toBe(401);
        expect(answer.text).not.toMatch(/stack|at .*\.ts/);
      }
    });
  });

  describe.each(publicRoutes.map((r) => [label(r), r] as const))('%s (public)', (_name, route) => {
    it('answers without a token', async () => {
      expect((await call(route, OWN)).status).toBe(200);
    });
  });
});
