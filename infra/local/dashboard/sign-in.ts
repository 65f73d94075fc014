/**
 * The local stand-in of the Cognito hosted UI, at Cognito's own paths under `/local-auth`: the dashboard signs in on
 * one machine by the very code path it uses in AWS (authorization code with PKCE, RFC 7636). Instead of a password
 * the page asks which role and tenants to sign in with, and the ID token it hands out is signed by the local key,
 * with the claims `npm run token` writes. Codes live in memory for five minutes and serve once; nothing here logs a
 * code, a verifier or a token.
 */
import { createHash, randomBytes } from 'node:crypto';
import { TENANT_ID_PATTERN } from '../../../shared/http/principal.js';
import { isRole, ROLES, type Role } from '../../../shared/http/roles.js';
import type { GatewayResponse, SiteRequest } from '../http-gateway/types.js';
import { DEFAULT_TOKEN_TTL_SECONDS, issueToken, LOCAL_AUDIENCE, type SigningKey } from '../jwt-keys.js';
import { siteResponse } from './site-response.js';

export const SIGN_IN_BASE = '/local-auth';
const CODE_TTL_MS = 5 * 60_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** The demo's tenants, offered as boxes to tick; any other id can be typed. */
export const SUGGESTED_TENANTS = ['acme-energy', 'northwind-telecom'];

const ROLE_HINTS: Record<Role, string> = {
  'compliance-officer': "the provider's officer: every view, the overview across tenants",
  'client-manager': "the client organisation's manager: its own tenant, read only",
  auditor: 'KPIs, controls, readiness and the evidence pack',
  dpo: 'data protection: erasure requests and recording access logs',
  'recording-reviewer': 'asks for a recording with a stated purpose',
  admin: 'changes agreements',
};

interface PendingCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly role: Role;
  readonly tenants: readonly string[];
  readonly expiresAt: number;
}

/** What the authorize request carries through the form. */
interface AuthorizeParams {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  readonly challenge: string;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export class LocalSignIn {
  private readonly codes = new Map<string, PendingCode>();
  private readonly now: () => Date;

  constructor(private readonly options: { key: SigningKey; url: () => string; now?: () => Date }) {
    this.now = options.now ?? (() => new Date());
  }

  async answer(request: SiteRequest): Promise<GatewayResponse> {
    const [path = '', search = ''] = request.target.split('?');
    const query = new URLSearchParams(search);
    const route = `${request.method} ${path.slice(SIGN_IN_BASE.length)}`;
    switch (route) {
      case 'GET /oauth2/authorize':
        return this.authorizePage(query);
      case 'POST /oauth2/authorize':
        return this.authorize(new URLSearchParams(request.body.toString('utf8')));
      case 'POST /oauth2/token':
        return this.token(new URLSearchParams(request.body.toString('utf8')));
      case 'GET /logout':
        return this.logout(query);
      case 'GET /sign-in.css':
        return siteResponse(200, STYLES, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' });
      default:
        return siteResponse(404, 'Not Found', { 'content-type': 'text/plain; charset=utf-8' });
    }
  }

  /** A redirect target of this gateway's dashboard only: never an open redirect. */
  private ownUrl(value: string | null, path: (pathname: string) => boolean): URL | undefined {
    if (value === null) return undefined;
    try {
      const url = new URL(value);
      const own = new URL(this.options.url());
      const ok =
        url.protocol === 'http:' &&
        LOOPBACK.has(url.hostname) &&
        url.port === own.port &&
        url.username === '' &&
        url.password === '' &&
        url.hash === '' &&
        path(url.pathname);
      return ok ? url : undefined;
    } catch {
      return undefined;
    }
  }

  private params(source: URLSearchParams): AuthorizeParams | string {
    if (source.get('client_id') !== LOCAL_AUDIENCE) return 'unknown client_id';
    const redirect = this.ownUrl(source.get('redirect_uri'), (p) => p === '/app/callback');
    if (redirect === undefined) return 'redirect_uri must be this dashboard’s /app/callback';
    if (source.has('response_type') && source.get('response_type') !== 'code') return 'response_type must be code';
    const challenge = source.get('code_challenge') ?? '';
    if (!/^[A-Za-z0-9_-]{43,128}$/.test(challenge)) return 'a PKCE code_challenge is required';
    if (source.get('code_challenge_method') !== 'S256') return 'code_challenge_method must be S256';
    return { clientId: LOCAL_AUDIENCE, redirectUri: redirect.toString(), state: source.get('state') ?? '', challenge };
  }

  private authorizePage(query: URLSearchParams): GatewayResponse {
    if (query.get('response_type') !== 'code') return this.refusal('response_type must be code');
    if (query.get('code_challenge_method') !== 'S256') return this.refusal('code_challenge_method must be S256');
    const params = this.params(query);
    if (typeof params === 'string') return this.refusal(params);
    return this.page(params, { role: undefined, tenants: [], other: '' });
  }

  private authorize(form: URLSearchParams): GatewayResponse {
    const params = this.params(form);
    if (typeof params === 'string') return this.refusal(params);
    const role = form.get('role') ?? '';
    const other = (form.get('other_tenants') ?? '').trim();
    const tenants = [
      ...new Set([
        ...form.getAll('tenant'),
        ...other
          .split(/[\s,]+/)
          .map((id) => id.trim())
          .filter(Boolean),
      ]),
    ];
    const choices = { role: isRole(role) ? role : undefined, tenants, other };
    if (!isRole(role)) return this.page(params, choices, 'Choose a role.');
    if (tenants.length === 0) return this.page(params, choices, 'Choose at least one tenant.');
    const bad = tenants.find((id) => !TENANT_ID_PATTERN.test(id));
    if (bad !== undefined) return this.page(params, choices, `“${bad}” is not a tenant id.`);
    this.sweep();
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, {
      clientId: params.clientId,
      redirectUri: params.redirectUri,
      challenge: params.challenge,
      role,
      tenants,
      expiresAt: this.now().getTime() + CODE_TTL_MS,
    });
    const target = new URL(params.redirectUri);
    target.searchParams.set('code', code);
    if (params.state !== '') target.searchParams.set('state', params.state);
    return siteResponse(302, '', { location: target.toString(), 'cache-control': 'no-store' });
  }

  private async token(form: URLSearchParams): Promise<GatewayResponse> {
    const fail = (error: string, description: string) =>
      siteResponse(400, JSON.stringify({ error, error_description: description }), {
        'content-type': 'application/json',
        'cache-control': 'no-store',
      });
    if (form.get('grant_type') !== 'authorization_code')
      return fail('unsupported_grant_type', 'authorization_code only');
    if (form.get('client_id') !== LOCAL_AUDIENCE) return fail('invalid_client', 'unknown client_id');
    const code = form.get('code') ?? '';
    const verifier = form.get('code_verifier') ?? '';
    if (code === '' || verifier === '') return fail('invalid_request', 'code and code_verifier are required');
    const pending = this.codes.get(code);
    // A code serves once, whatever happens next.
    this.codes.delete(code);
    if (pending === undefined || pending.expiresAt <= this.now().getTime())
      return fail('invalid_grant', 'the code is unknown, used or expired');
    if (form.get('redirect_uri') !== pending.redirectUri) return fail('invalid_grant', 'redirect_uri does not match');
    if (createHash('sha256').update(verifier).digest('base64url') !== pending.challenge)
      return fail('invalid_grant', 'the code_verifier does not match the code_challenge');
    const idToken = await issueToken({
      key: this.options.key,
      subject: `local-${pending.role}`,
      roles: [pending.role],
      tenants: pending.tenants,
      now: this.now(),
    });
    return siteResponse(
      200,
      JSON.stringify({
        id_token: idToken,
        access_token: idToken,
        token_type: 'Bearer',
        expires_in: DEFAULT_TOKEN_TTL_SECONDS,
      }),
      { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache' },
    );
  }

  private logout(query: URLSearchParams): GatewayResponse {
    if (query.get('client_id') !== LOCAL_AUDIENCE) return this.refusal('unknown client_id');
    const target = this.ownUrl(query.get('logout_uri'), (p) => p.startsWith('/app/'));
    if (target === undefined) return this.refusal('logout_uri must be a page of this dashboard');
    return siteResponse(302, '', { location: target.toString(), 'cache-control': 'no-store' });
  }

  private sweep(): void {
    const now = this.now().getTime();
    for (const [code, pending] of this.codes) if (pending.expiresAt <= now) this.codes.delete(code);
  }

  private refusal(reason: string): GatewayResponse {
    return siteResponse(
      400,
      layout('Sign-in refused', `<p role="alert">This sign-in request is refused: ${escapeHtml(reason)}.</p>`),
      {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      },
    );
  }

  private page(
    params: AuthorizeParams,
    choices: { role: Role | undefined; tenants: readonly string[]; other: string },
    error?: string,
  ): GatewayResponse {
    const hidden = [
      ['client_id', params.clientId],
      ['redirect_uri', params.redirectUri],
      ['state', params.state],
      ['code_challenge', params.challenge],
      ['code_challenge_method', 'S256'],
      ['response_type', 'code'],
    ]
      .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value ?? '')}">`)
      .join('\n');
    const roles = ROLES.map(
      (role) =>
        `<div class="choice"><input type="radio" id="role-${role}" name="role" value="${role}"${
          choices.role === role ? ' checked' : ''
        } required><label for="role-${role}"><strong>${role}</strong> <span>${escapeHtml(ROLE_HINTS[role])}</span></label></div>`,
    ).join('\n');
    const suggested = SUGGESTED_TENANTS.map(
      (tenant) =>
        `<div class="choice"><input type="checkbox" id="tenant-${tenant}" name="tenant" value="${tenant}"${
          choices.tenants.includes(tenant) ? ' checked' : ''
        }><label for="tenant-${tenant}">${tenant}</label></div>`,
    ).join('\n');
    const others = choices.tenants.filter((t) => !SUGGESTED_TENANTS.includes(t)).join(', ') || choices.other;
    const body = `
<p>Local stack: no password. Pick the role and the tenants the token will carry, as Cognito's groups and
<code>custom:tenants</code> would in AWS. The token is signed with the local key, like <code>npm run token</code>.</p>
${error ? `<p class="error" role="alert" id="form-error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${SIGN_IN_BASE}/oauth2/authorize"${error ? ' aria-describedby="form-error"' : ''}>
${hidden}
<fieldset><legend>Role</legend>
${roles}
</fieldset>
<fieldset><legend>Tenants</legend>
${suggested}
<div class="field"><label for="other-tenants">Other tenant ids (comma-separated)</label>
<input type="text" id="other-tenants" name="other_tenants" value="${escapeHtml(others)}" autocomplete="off"></div>
</fieldset>
<button type="submit">Sign in</button>
</form>`;
    return siteResponse(200, layout('Sign in (local)', body), {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
  }
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ISO 18295 compliance</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="${SIGN_IN_BASE}/sign-in.css"></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

const STYLES = `body{margin:0;font-family:system-ui,sans-serif;color:#1b1f24;background:#f3f5f7;line-height:1.45}
main{max-width:38rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border:1px solid #c9d0d8;border-radius:6px}
h1{font-size:1.5rem;margin-top:0}fieldset{border:1px solid #c9d0d8;border-radius:4px;margin:1rem 0;padding:.5rem 1rem}
legend{font-weight:700;padding:0 .3rem}.choice{display:flex;gap:.5rem;align-items:baseline;margin:.35rem 0}
.choice span{color:#4a5360}.field{display:flex;flex-direction:column;gap:.25rem;margin:.6rem 0}
input[type=text]{font:inherit;padding:.4rem;border:1px solid #4a5360;border-radius:4px}
button{font:inherit;padding:.5rem 1.2rem;border-radius:4px;border:2px solid #0b4f8a;background:#0b4f8a;color:#fff;cursor:pointer}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}.error{background:#fbd9d7;color:#8a1c12;padding:.5rem 1rem;border-left:4px solid #8a1c12}
@media (max-width:40rem){main{margin:0;border:0;padding:1rem}}`;
