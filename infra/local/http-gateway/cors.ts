import type { GatewayResponse } from './types.js';

const ALLOWED_METHODS = 'GET,HEAD,POST,PUT,PATCH,DELETE,OPTIONS';
const PREFLIGHT_MAX_AGE_SECONDS = '300';

/**
 * The HTTP API CORS configuration, reduced to the allowed origins. As in API Gateway, once CORS is configured
 * the gateway answers preflight requests itself (no route or authorizer involved), adds the CORS headers to
 * integration responses, and ignores any CORS headers the integration returned.
 */
export class CorsPolicy {
  private readonly anyOrigin: boolean;
  private readonly origins: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.anyOrigin = origins.includes('*');
    this.origins = new Set(origins);
  }

  /** A preflight is an OPTIONS request carrying both `origin` and `access-control-request-method`. */
  isPreflight(method: string, headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
    return (
      method === 'OPTIONS' && headers.origin !== undefined && headers['access-control-request-method'] !== undefined
    );
  }

  /** 204 with the allowed methods and headers when the origin is allowed, bare 204 otherwise. */
  preflight(origin: string | undefined, requestedHeaders: string | undefined): GatewayResponse {
    const allowOrigin = this.allowOrigin(origin);
    const headers: Record<string, string> =
      allowOrigin === undefined
        ? {}
        : {
            ...allowOrigin,
            'access-control-allow-methods': ALLOWED_METHODS,
            'access-control-max-age': PREFLIGHT_MAX_AGE_SECONDS,
            ...(requestedHeaders === undefined ? {} : { 'access-control-allow-headers': requestedHeaders }),
          };
    return { statusCode: 204, headers, cookies: [], body: Buffer.alloc(0) };
  }

  /** The response with the integration's CORS headers dropped and the configured ones added. */
  apply(response: GatewayResponse, origin: string | undefined): GatewayResponse {
    const headers = Object.fromEntries(
      Object.entries(response.headers).filter(([name]) => !name.startsWith('access-control-')),
    );
    const allow = this.allowOrigin(origin);
    if (allow?.vary !== undefined && headers.vary !== undefined) allow.vary = `${headers.vary}, ${allow.vary}`;
    return { ...response, headers: { ...headers, ...allow } };
  }

  private allowOrigin(origin: string | undefined): Record<string, string> | undefined {
    if (origin === undefined) return undefined;
    if (this.anyOrigin) return { 'access-control-allow-origin': '*' };
    if (!this.origins.has(origin)) return undefined;
    return { 'access-control-allow-origin': origin, vary: 'origin' };
  }
}
