import { ROLES, ROUTE_ROLES, type Role, type RouteKey } from '../api/route-roles.js';

/** Who is signed in, as the API will see them: the ID token's groups and tenants. */
export interface Principal {
  readonly subject: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly tenants: readonly string[];
  /** When the ID token expires, in epoch seconds. */
  readonly expiresAt: number;
}

const roleSet: ReadonlySet<string> = new Set(ROLES);

/** Reads the claims the API's authorizer reads (`cognito:groups`, `custom:tenants`); unknown roles are dropped. */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const groups = claims['cognito:groups'];
  const roles = (Array.isArray(groups) ? groups : typeof groups === 'string' ? groups.split(',') : [])
    .map((group) => String(group).trim())
    .filter((group): group is Role => roleSet.has(group));
  const tenantClaim = claims['custom:tenants'];
  const tenants = (typeof tenantClaim === 'string' ? tenantClaim.split(',') : [])
    .map((tenant) => tenant.trim())
    .filter((tenant) => tenant !== '');
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  const name =
    (typeof claims.name === 'string' && claims.name) || (typeof claims.email === 'string' && claims.email) || subject;
  return {
    subject,
    name,
    roles: [...new Set(roles)],
    tenants: [...new Set(tenants)].sort(),
    expiresAt: typeof claims.exp === 'number' ? claims.exp : 0,
  };
}

/** Whether the API would let this principal call the route: the page shows only what it may see. */
export function may(principal: Principal, route: RouteKey): boolean {
  const allowed: readonly Role[] = ROUTE_ROLES[route];
  return principal.roles.some((role) => allowed.includes(role));
}

/** Whether the principal's token names the tenant; the API answers 404 for any other. */
export function seesTenant(principal: Principal, tenantId: string): boolean {
  return principal.tenants.includes(tenantId);
}
