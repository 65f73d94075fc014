/**
 * The dashboard on one machine (infra/local/dashboard/): the site under `/app/` with the security headers CloudFront
 * sends in AWS, and the local stand-in of the Cognito hosted UI, driven with fetch through the whole authorization
 * code + PKCE flow, against a real gateway on a free port.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardSite } from '../../../infra/local/dashboard/site.js';
import { type HttpGateway, startHttpGateway } from '../../../infra/local/http-gateway/index.js';
import {
  LOCAL_AUDIENCE,
  loadOrCreateSigningKey,
  localTokenVerifier,
  type SigningKey,
} from '../../../infra/local/jwt-keys.js';
import { ensureWebBuildSync, WEB_DIST } from '../../../web/build.js';
import { contentSecurityPolicy } from '../../../web/security-headers.js';

let gateway: HttpGateway;
let key: SigningKey;
let clock = new Date();

beforeAll(async () => {
  ensureWebBuildSync();
  key = await loadOrCreateSigningKey(mkdtempSync(join(tmpdir(), 'site-keys-')));
  let url = '';
  gateway = await startHttpGateway({
    port: 0,
    routes: [],
    verifyToken: localTokenVerifier(key) as never,
    siteHandler: dashboardSite({ distDir: WEB_DIST, url: () => url, key, now: () => clock }),
  });
  url = gateway.url;
});
afterAll(() => gateway.close());

const verifier = () => randomBytes(32).toString('base64url');
const challengeOf = (value: string) => createHash('sha256').update(value).digest('base64url');
const callback = () => `${gateway.url}/app/callback`;

function authorizeQuery(overrides: Record<string, string> = {}) {
  return new URLSearchParams({
    response_type: 'code',
    client_id: LOCAL_AUDIENCE,
    redirect_uri: callback(),
    scope: 'openid email profile',
    state: 'state-123',
    code_challenge: challengeOf('unused-verifier-unused-verifier-unused-verifier'),
    code_challenge_method: 'S256',
    ...overrides,
  });
}

/** Signs in as the form would, and returns the code the redirect carries. */
async function codeFor(role: string, tenants: string[], challenge: string): Promise<string> {
  const form = authorizeQuery({ code_challenge: challenge, role });
  for (const tenant of tenants) form.append('tenant', tenant);
  const response = await fetch(`${gateway.url}/local-auth/oauth2/authorize`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(callback());
  expect(location.searchParams.get('state')).toBe('state-123');
  return location.searchParams.get('code') ?? '';
}

const exchange = (code: string, codeVerifier: string, redirectUri = callback()) =>
  fetch(`${gateway.url}/local-auth/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: LOCAL_AUDIENCE,
      code,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    }),
  });

describe('The local sign-in (Cognito hosted UI stand-in)', () => {
  it('shows a page to pick a role and tenants, every field labelled', async () => {
    const response = await fetch(`${gateway.url}/local-auth/oauth2/authorize?${authorizeQuery()}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    const html = await response.text();
    for (const role of ['compliance-officer', 'client-manager', 'auditor', 'dpo'])
      expect(html).toContain(`<label for="role-${role}">`);
    expect(html).toContain('<label for="tenant-acme-energy">');
    expect(html).not.toMatch(/<script|style=/);
  });

  it('hands out an ID token with the chosen role and tenants for the right verifier, once', async () => {
    const codeVerifier = verifier();
    const code = await codeFor('client-manager', ['acme-energy'], challengeOf(codeVerifier));
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const wrong = await exchange(code, verifier());
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });

    // The failed attempt spent the code: a code serves once, whoever presents it.
    const again = await exchange(code, codeVerifier);
    expect(again.status).toBe(400);

    const fresh = await codeFor('client-manager', ['acme-energy'], challengeOf(codeVerifier));
    const good = await exchange(fresh, codeVerifier);
    expect(good.status).toBe(200);
    expect(good.headers.get('cache-control')).toBe('no-store');
    const tokens = (await good.json()) as { id_token: string; token_type: string; expires_in: number };
    expect(tokens.token_type).toBe('Bearer');
    const claims = await localTokenVerifier(key)(tokens.id_token);
    expect(claims).toMatchObject({
      'cognito:groups': ['client-manager'],
      'custom:tenants': 'acme-energy',
      sub: 'local-client-manager',
    });
    expect((await exchange(fresh, codeVerifier)).status).toBe(400);
  });

  it('refuses an expired code and a redirect_uri other than the one the code was given for', async () => {
    const codeVerifier = verifier();
    const code = await codeFor('auditor', ['acme-energy', 'northwind-telecom'], challengeOf(codeVerifier));
    expect((await exchange(code, codeVerifier, `${gateway.url}/app/elsewhere`)).status).toBe(400);

    const later = await codeFor('auditor', ['acme-energy'], challengeOf(codeVerifier));
    clock = new Date(clock.getTime() + 6 * 60_000);
    try {
      const expired = await exchange(later, codeVerifier);
      expect(expired.status).toBe(400);
      expect(await expired.json()).toMatchObject({ error: 'invalid_grant' });
    } finally {
      clock = new Date();
    }
  });

  it('never redirects to a foreign address, and asks for PKCE', async () => {
    const refused: Record<string, string>[] = [
      { redirect_uri: 'https://evil.example/app/callback' },
      { redirect_uri: `${gateway.url}/elsewhere` },
      { client_id: 'someone-else' },
      { code_challenge_method: 'plain' },
      { code_challenge: '' },
    ];
    for (const bad of refused) {
      const response = await fetch(`${gateway.url}/local-auth/oauth2/authorize?${authorizeQuery(bad)}`, {
        redirect: 'manual',
      });
      expect(response.status, JSON.stringify(bad)).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
    const logout = await fetch(
      `${gateway.url}/local-auth/logout?client_id=${LOCAL_AUDIENCE}&logout_uri=${encodeURIComponent('https://evil.example/')}`,
      { redirect: 'manual' },
    );
    expect(logout.status).toBe(400);
    const home = await fetch(
      `${gateway.url}/local-auth/logout?client_id=${LOCAL_AUDIENCE}&logout_uri=${encodeURIComponent(`${gateway.url}/app/`)}`,
      { redirect: 'manual' },
    );
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe(`${gateway.url}/app/`);
  });

  it('keeps the choices and says what is missing when the form is incomplete', async () => {
    const form = authorizeQuery({ role: 'dpo', other_tenants: 'not a tenant!' });
    const response = await fetch(`${gateway.url}/local-auth/oauth2/authorize`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('role="alert"');
    expect(html).toMatch(/id="role-dpo" name="role" value="dpo" checked/);
  });
});

describe('The dashboard site', () => {
  it('answers the page and its deep links with index.html and the security headers', async () => {
    for (const path of ['/app/', '/app/tenants/acme-energy/kpis']) {
      const response = await fetch(`${gateway.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<div id="app">');
    }
    const root = await fetch(`${gateway.url}/`, { redirect: 'manual' });
    expect(root.headers.get('location')).toBe('/app/');
  });

  it('serves hashed assets as immutable, and nothing outside the bundle', async () => {
    const html = await (await fetch(`${gateway.url}/app/`)).text();
    const script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${gateway.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const path of [
      '/app/%2e%2e/package.json',
      '/app/..%2f..%2fpackage.json',
      '/app/.source-hash',
      '/app/missing.js',
    ])
      expect((await fetch(`${gateway.url}${path}`)).status, path).toBe(404);
    expect((await fetch(`${gateway.url}/app/`, { method: 'POST' })).status).toBe(405);
  });

  it('tells the page where to sign in: the stand-in on this origin, the API on this origin', async () => {
    const config = await (await fetch(`${gateway.url}/app/config.json`)).json();
    expect(config).toEqual({
      apiBaseUrl: '',
      auth: {
        issuer: 'ccc-compliance-local',
        clientId: LOCAL_AUDIENCE,
        domainUrl: `${gateway.url}/local-auth`,
        scopes: ['openid', 'email', 'profile'],
      },
      environment: 'local',
    });
    // Opened as localhost, the page signs in at localhost: its token request stays on its own origin.
    const port = new URL(gateway.url).port;
    const localhost = await (await fetch(`http://localhost:${port}/app/config.json`)).json();
    expect(localhost.auth.domainUrl).toBe(`http://localhost:${port}/local-auth`);
  });
});
