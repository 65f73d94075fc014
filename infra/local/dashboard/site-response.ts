import { securityHeaderValues } from '../../../web/security-headers.js';
import type { GatewayResponse } from '../http-gateway/types.js';

/** A response of the site, with the security headers every page of it carries. */
export function siteResponse(
  statusCode: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
): GatewayResponse {
  return {
    statusCode,
    headers: { ...securityHeaderValues(), ...headers },
    cookies: [],
    body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
  };
}
