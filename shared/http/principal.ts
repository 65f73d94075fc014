import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { IDENTIFIER_PATTERN } from '../../events/envelope.js';
import { isRole, type Role } from './roles.js';

/**
 * Who is calling, as far as the API is concerned: the token's subject, the roles it holds and the tenants it
 * names. Handlers check both role and tenant again (defence in depth; README.md, "Using the API").
 */
export interface Principal {
  /** The token's `sub`: a Cognito user id in AWS, a chosen name locally. */
  readonly subject: string;
  /** Known roles only, deduplicated, in the order the token lists them. */
  readonly roles: Role[];
  /** Tenant ids the token names in `custom:tenants`, deduplicated. Empty means no tenant is visible. */
  readonly tenants: string[];
}

/** Claim values as API Gateway hands them to the integration (`requestContext.authorizer.jwt.claims`). */
export type JwtClaims = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

/** The claim that carries roles: Cognito puts a user's group names there. */
export const GROUPS_CLAIM = 'cognito:groups';

/** The claim that carries visible tenants: a Cognito custom attribute, hence a comma-separated string. */
export const TENANTS_CLAIM = 'custom:tenants';

/** A tenant id as accepted anywhere at the edge (tokens, paths). */
export const TENANT_ID_PATTERN = IDENTIFIER_PATTERN;

/**
 * Reads a list-valued claim in every form it is known to arrive in:
 * - a real array (a token verified in-process);
 * - `[admin auditor]`: how the HTTP API JWT authorizer stringifies array claims before passing them on;
 * - `["admin","auditor"]`: a JSON array kept as a string, as Cognito pre-token triggers often write it;
 * - `admin,auditor` or a single value: a Cognito custom attribute, which can only be a string.
 * Entries are trimmed; empty ones are dropped.
 */
export function parseClaimList(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.filter((item): item is string => typeof item === 'string').flatMap(splitPlain);
  }
  if (typeof value !== 'string') return [];
  const text = value.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    const json = parseJsonStringArray(text);
    if (json !== undefined) return json.flatMap(splitPlain);
    return splitPlain(text.slice(1, -1));
  }
  return splitPlain(text);
}

/**
 * Builds the principal from authorizer claims. Returns `undefined` when there is no usable subject or no known
 * role, so a caller can answer 401/403 instead of acting for nobody. Unknown roles and malformed tenant ids are
 * ignored rather than trusted.
 */
export function principalFromClaims(claims: JwtClaims | undefined): Principal | undefined {
  if (claims === undefined) return undefined;
  const subject = typeof claims.sub === 'string' ? claims.sub.trim() : '';
  if (subject === '') return undefined;
  const roles = unique(parseClaimList(claims[GROUPS_CLAIM]).filter(isRole));
  if (roles.length === 0) return undefined;
  const tenants = unique(parseClaimList(claims[TENANTS_CLAIM]).filter((id) => TENANT_ID_PATTERN.test(id)));
  return { subject, roles, tenants };
}

/**
 * The principal of a request that went through the JWT authorizer, read exactly as API Gateway delivers the
 * claims (see {@link parseClaimList}). Pure: the token itself was verified by the authorizer, not here.
 */
export function principalFromEvent(event: APIGatewayProxyEventV2WithJWTAuthorizer): Principal | undefined {
  // Optional chaining because a route without the authorizer has no `authorizer` at all, whatever the type says.
  return principalFromClaims(event.requestContext?.authorizer?.jwt?.claims);
}

/** True when the token names this tenant. There is no wildcard: a tenant not named is not visible. */
export function canSeeTenant(principal: Principal, tenantId: string): boolean {
  return principal.tenants.includes(tenantId);
}

/** True when the principal holds at least one of the given roles. */
export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return roles.some((role) => principal.roles.includes(role));
}

function splitPlain(text: string): string[] {
  return text.split(/[\s,]+/).filter((part) => part !== '');
}

function parseJsonStringArray(text: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : undefined;
  } catch {
    return undefined;
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
