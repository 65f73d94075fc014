/**
 * The dashboard's security headers, one definition for both places that serve it: the local stand-in of `npm start`
 * (infra/local/web/) and the CloudFront response-headers policy in AWS (infra/constructs/). The page loads only its
 * own scripts and styles (no inline code, no eval), talks only to its own origin and the sign-in service, and may
 * not be framed.
 */

/** Where the page may send requests besides its own origin: the sign-in service's token endpoint, say. */
export interface ContentSecurityPolicyOptions {
  readonly connectSources?: readonly string[];
  /** Where the sign-in form posts to; the local stand-in posts to its own origin. */
  readonly formActions?: readonly string[];
}

/** The `Content-Security-Policy` value. */
export function contentSecurityPolicy(options: ContentSecurityPolicyOptions = {}): string {
  const connect = ["'self'", ...(options.connectSources ?? [])];
  const form = ["'self'", ...(options.formActions ?? [])];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    `form-action ${form.join(' ')}`,
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The other headers every dashboard response carries, as CloudFront's response-headers policy names them. */
export const SECURITY_HEADERS = {
  strictTransportSecurity: { maxAgeSeconds: 63_072_000, includeSubdomains: true, preload: false },
  contentTypeOptions: 'nosniff',
  frameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  permissionsPolicy: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  crossOriginOpenerPolicy: 'same-origin',
} as const;

/** The same headers as plain HTTP header names and values, for a server that is not CloudFront. */
export function securityHeaderValues(options: ContentSecurityPolicyOptions = {}): Record<string, string> {
  const { maxAgeSeconds, includeSubdomains } = SECURITY_HEADERS.strictTransportSecurity;
  return {
    'content-security-policy': contentSecurityPolicy(options),
    'strict-transport-security': `max-age=${maxAgeSeconds}${includeSubdomains ? '; includeSubDomains' : ''}`,
    'x-content-type-options': SECURITY_HEADERS.contentTypeOptions,
    'x-frame-options': SECURITY_HEADERS.frameOptions,
    'referrer-policy': SECURITY_HEADERS.referrerPolicy,
    'permissions-policy': SECURITY_HEADERS.permissionsPolicy,
    'cross-origin-opener-policy': SECURITY_HEADERS.crossOriginOpenerPolicy,
  };
}
