import type { z } from 'zod';
import type { Role } from './roles.js';

/**
 * One HTTP API route as data: what it accepts (zod), who may call it and what it answers. The handler validates with
 * these schemas, the OpenAPI document is generated from them, the CDK and the local gateway route from them, and
 * the isolation test enumerates them.
 */
export interface ApiRoute<
  P extends z.ZodObject = z.ZodObject,
  Q extends z.ZodObject = z.ZodObject,
  B extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway route path; `{tenantId}` makes the route tenant-scoped. */
  path: string;
  /** The function (folder under `functions/`) that serves it. */
  function: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** `none` for public routes; otherwise every listed role may call it (and no other). */
  authorization: 'none' | 'jwt';
  roles: readonly Role[];
  request: { path: P; query: Q; body?: B };
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  /** A valid request for this route (path parameters other than tenantId, query, body): docs and tests use it. */
  example?: { path?: Record<string, string>; query?: Record<string, string>; body?: unknown };
}

export function defineRoute<P extends z.ZodObject, Q extends z.ZodObject, B extends z.ZodType | undefined = undefined>(
  route: ApiRoute<P, Q, B>,
): ApiRoute<P, Q, B> {
  return route;
}

/** True when the path names a tenant: such a route must never reveal another tenant's existence. */
export function isTenantScoped(route: Pick<ApiRoute, 'path'>): boolean {
  return route.path.includes('{tenantId}');
}
