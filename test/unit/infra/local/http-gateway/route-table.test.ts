import { describe, expect, it } from 'vitest';
import {
  compileRoutes,
  matchRoute,
  RouteConfigurationError,
} from '../../../../../infra/local/http-gateway/route-table.js';
import type { GatewayRoute, RouteMethod } from '../../../../../infra/local/http-gateway/types.js';

function route(method: RouteMethod, path: string): GatewayRoute {
  return { method, path, authorization: 'none', invoke: async () => ({ statusCode: 204 }) };
}

function routeKeyFor(table: ReturnType<typeof compileRoutes>, method: string, path: string): string | undefined {
  return matchRoute(table, method, path)?.compiled.routeKey;
}

describe('Function: matchRoute', () => {
  // The example set of the API Gateway developer guide, plus the shapes this API uses.
  const table = compileRoutes([
    route('GET', '/pets/dog/1'),
    route('GET', '/pets/dog/{id}'),
    route('GET', '/pets/{proxy+}'),
    route('ANY', '/{proxy+}'),
    route('ANY', '$default'),
    route('GET', '/v1/tenants/{tenantId}/kpis'),
    route('PUT', '/v1/tenants/{tenantId}/agreement'),
    route('ANY', '/v1/tenants/{tenantId}/agreement'),
    route('POST', '/v1/tenants/{tenantId}/nonconformities/{id}/actions'),
  ]);

  it.each([
    ['GET', '/pets/dog/1', 'GET /pets/dog/1'],
    ['GET', '/pets/dog/2', 'GET /pets/dog/{id}'],
    ['GET', '/pets/cat/1', 'GET /pets/{proxy+}'],
    ['GET', '/pets/dog/1/toys', 'GET /pets/{proxy+}'],
    ['POST', '/pets/dog/1', 'ANY /{proxy+}'],
    ['GET', '/somewhere/else', 'ANY /{proxy+}'],
    ['GET', '/', '$default'],
    ['GET', '/v1/tenants/acme/kpis', 'GET /v1/tenants/{tenantId}/kpis'],
    ['PUT', '/v1/tenants/acme/agreement', 'PUT /v1/tenants/{tenantId}/agreement'],
    ['GET', '/v1/tenants/acme/agreement', 'ANY /v1/tenants/{tenantId}/agreement'],
    ['HEAD', '/pets/dog/1', 'GET /pets/dog/1'],
  ])('%s %s goes to %s', (method, path, expected) => {
    expect(routeKeyFor(table, method, path)).toBe(expected);
  });

  it('captures decoded path parameters, and the rest of the path for a greedy variable', () => {
    expect(matchRoute(table, 'POST', '/v1/tenants/acme%20sa/nonconformities/nc-1/actions')?.pathParameters).toEqual({
      tenantId: 'acme sa',
      id: 'nc-1',
    });
    expect(matchRoute(table, 'GET', '/pets/cat/a%2Fb/c')?.pathParameters).toEqual({ proxy: 'cat/a/b/c' });
  });

  it('finds nothing when no route, greedy route or $default matches', () => {
    const strict = compileRoutes([route('GET', '/health'), route('GET', '/v1/tenants/{tenantId}/kpis')]);
    expect(routeKeyFor(strict, 'POST', '/health')).toBeUndefined();
    expect(routeKeyFor(strict, 'GET', '/health/')).toBeUndefined();
    expect(routeKeyFor(strict, 'GET', '/v1/tenants//kpis')).toBeUndefined();
    expect(routeKeyFor(strict, 'GET', '/v1/tenants/acme/kpis/extra')).toBeUndefined();
  });

  it('does not let a greedy variable match an empty remainder', () => {
    const greedyOnly = compileRoutes([route('GET', '/pets/{proxy+}'), route('GET', '/{proxy+}')]);
    expect(routeKeyFor(greedyOnly, 'GET', '/pets')).toBe('GET /{proxy+}');
    expect(routeKeyFor(greedyOnly, 'GET', '/')).toBeUndefined();
  });

  it('prefers literal segments from the left over parameters', () => {
    const table2 = compileRoutes([route('GET', '/a/{x}/c'), route('GET', '/{y}/b/c')]);
    expect(routeKeyFor(table2, 'GET', '/a/b/c')).toBe('GET /a/{x}/c');
  });

  it('is not affected by the order the routes are declared in', () => {
    const reversed = compileRoutes([
      route('ANY', '/{proxy+}'),
      route('GET', '/pets/{proxy+}'),
      route('GET', '/pets/dog/1'),
    ]);
    expect(routeKeyFor(reversed, 'GET', '/pets/dog/1')).toBe('GET /pets/dog/1');
    expect(routeKeyFor(reversed, 'GET', '/pets/dog/2')).toBe('GET /pets/{proxy+}');
  });
});

describe('Function: compileRoutes', () => {
  it.each([
    ['a path without leading slash', route('GET', 'health')],
    ['a greedy variable not at the end', route('GET', '/{proxy+}/x')],
    ['a repeated parameter name', route('GET', '/{id}/{id}')],
    ['a malformed segment', route('GET', '/a{b}')],
    ['an empty segment', route('GET', '/a//b')],
    ['$default with a method', route('GET', '$default')],
  ])('refuses %s', (_case, bad) => {
    expect(() => compileRoutes([bad])).toThrow(RouteConfigurationError);
  });

  it('refuses two routes with the same route key', () => {
    expect(() => compileRoutes([route('GET', '/health'), route('GET', '/health')])).toThrow(RouteConfigurationError);
  });
});
