/**
 * The dashboard on one machine: web/dist served under `/app/` on the local API's own origin, with the same security
 * headers CloudFront adds in AWS (web/security-headers.ts), `/app/config.json` written for this stack, and the
 * sign-in stand-in (sign-in.ts) under `/local-auth/`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { DashboardRuntimeConfig } from '../../../web/runtime-config.js';
import type { GatewayResponse, SiteHandler, SiteRequest } from '../http-gateway/types.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, type SigningKey } from '../jwt-keys.js';
import { LocalSignIn, SIGN_IN_BASE } from './sign-in.js';
import { siteResponse } from './site-response.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const text = (statusCode: number, message: string, headers: Record<string, string> = {}) =>
  siteResponse(statusCode, message, { 'content-type': 'text/plain; charset=utf-8', ...headers });

export interface DashboardSiteOptions {
  /** The built bundle (web/build.ts WEB_DIST). */
  readonly distDir: string;
  /** The gateway's own URL, e.g. `http://127.0.0.1:3000`. */
  readonly url: () => string;
  readonly key: SigningKey;
  readonly now?: () => Date;
}

/** The site handler the local gateway consults for every path that is no API route. */
export function dashboardSite(options: DashboardSiteOptions): SiteHandler {
  const signIn = new LocalSignIn({ key: options.key, url: options.url, ...(options.now && { now: options.now }) });
  return async (request: SiteRequest) => {
    const path = request.target.split('?')[0] ?? '/';
    if (path === SIGN_IN_BASE || path.startsWith(`${SIGN_IN_BASE}/`)) return signIn.answer(request);
    if (path === '/' || path === '/app') return siteResponse(302, '', { location: '/app/' });
    if (!path.startsWith('/app/')) return undefined;
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return text(405, 'Method Not Allowed', { allow: 'GET, HEAD' });
    const response = await serve(path, options, origin(request, options.url()));
    return request.method === 'HEAD' ? { ...response, body: Buffer.alloc(0) } : response;
  };
}

/**
 * The origin the page was opened on, when it is this gateway under another loopback name (`localhost` rather than
 * `127.0.0.1`): the sign-in must come back to the page's own origin, or its token request would be cross-origin.
 */
function origin(request: SiteRequest, url: string): string {
  const own = new URL(url);
  const host = request.headers.host;
  const match = typeof host === 'string' ? /^(127\.0\.0\.1|localhost|\[::1\]):(\d+)$/.exec(host) : null;
  return match !== null && match[2] === own.port ? `http://${host}` : url;
}

async function serve(path: string, options: DashboardSiteOptions, pageOrigin: string): Promise<GatewayResponse> {
  if (path === '/app/config.json') {
    const config: DashboardRuntimeConfig = {
      apiBaseUrl: '',
      auth: {
        issuer: LOCAL_ISSUER,
        clientId: LOCAL_AUDIENCE,
        domainUrl: `${pageOrigin}${SIGN_IN_BASE}`,
        scopes: ['openid', 'email', 'profile'],
      },
      environment: 'local',
    };
    return siteResponse(200, JSON.stringify(config), {
      'content-type': 'application/json',
      'cache-control': 'no-cache',
    });
  }
  let relative: string;
  try {
    relative = decodeURIComponent(path.slice('/app/'.length));
  } catch {
    return text(400, 'Bad Request');
  }
  if (relative.split('/').some((segment) => segment.startsWith('.'))) return text(404, 'Not Found');
  // A deep link (no extension) is the single page's own route: index.html answers it.
  const isFile = extname(relative) !== '';
  if (!isFile) return file(join(options.distDir, 'index.html'), 'no-cache');
  const resolved = normalize(join(options.distDir, relative));
  const inside = resolved.startsWith(options.distDir.endsWith(sep) ? options.distDir : `${options.distDir}${sep}`);
  const hidden = relative.split('/').some((segment) => segment.startsWith('.') || segment === '');
  if (!inside || hidden || relative.includes('\0')) return text(404, 'Not Found');
  const cacheControl = relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
  return file(resolved, cacheControl);
}

function file(path: string, cacheControl: string): GatewayResponse {
  if (!existsSync(path) || !statSync(path).isFile()) {
    return path.endsWith('index.html')
      ? text(503, 'The dashboard is not built: run `npm run build:web`.')
      : text(404, 'Not Found');
  }
  return siteResponse(200, readFileSync(path), {
    'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    'cache-control': cacheControl,
  });
}
