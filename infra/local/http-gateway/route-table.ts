import type { GatewayRoute } from './types.js';

/** A route path that API Gateway would refuse, or two routes with the same route key. */
export class RouteConfigurationError extends Error {
  override readonly name = 'RouteConfigurationError';
}

type Segment =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string };

/** A route with its path parsed once, at start-up. */
export interface CompiledRoute {
  readonly route: GatewayRoute;
  /** `GET /v1/tenants/{tenantId}/kpis`, `ANY /{proxy+}` or `$default`, as in the event's `routeKey`. */
  readonly routeKey: string;
  readonly segments: readonly Segment[];
  readonly isDefault: boolean;
}

/** The chosen route and the decoded path parameters it captured. */
export interface RouteMatch {
  readonly compiled: CompiledRoute;
  readonly pathParameters: Record<string, string>;
}

const DEFAULT_ROUTE = '$default';
const PARAM = /^\{([A-Za-z0-9_.-]+)(\+?)\}$/;

/** Parses and checks every route; throws {@link RouteConfigurationError} on what API Gateway would reject. */
export function compileRoutes(routes: readonly GatewayRoute[]): CompiledRoute[] {
  const seen = new Set<string>();
  return routes.map((route) => {
    const compiled = compileRoute(route);
    if (seen.has(compiled.routeKey)) throw new RouteConfigurationError(`duplicate route: ${compiled.routeKey}`);
    seen.add(compiled.routeKey);
    return compiled;
  });
}

/**
 * Picks the route API Gateway would pick for a request: among routes whose path matches, a full match beats a
 * greedy `{proxy+}` match, which beats `$default`; between paths, literal segments beat `{param}` from the left
 * and a longer greedy prefix beats a shorter one; on the same path, the exact method beats `ANY`.
 * HEAD, which the route methods cannot name, is served by the GET route (the body is then dropped).
 */
export function matchRoute(table: readonly CompiledRoute[], method: string, rawPath: string): RouteMatch | undefined {
  const requestSegments = splitPath(rawPath).map(safeDecode);
  let best: { match: RouteMatch; rank: number[] } | undefined;
  for (const compiled of table) {
    const methodRank = methodMatchRank(compiled.route.method, method);
    if (methodRank === undefined) continue;
    const pathParameters = compiled.isDefault ? {} : matchSegments(compiled.segments, requestSegments);
    if (pathParameters === undefined) continue;
    const rank = [...specificity(compiled), methodRank];
    if (best === undefined || compareRanks(rank, best.rank) > 0) best = { match: { compiled, pathParameters }, rank };
  }
  return best?.match;
}

function compileRoute(route: GatewayRoute): CompiledRoute {
  if (route.path === DEFAULT_ROUTE) {
    if (route.method !== 'ANY') throw new RouteConfigurationError('$default takes no method other than ANY');
    return { route, routeKey: DEFAULT_ROUTE, segments: [], isDefault: true };
  }
  if (!route.path.startsWith('/')) throw new RouteConfigurationError(`route path must start with "/": ${route.path}`);
  const parts = splitPath(route.path);
  const names = new Set<string>();
  const segments = parts.map((part, index): Segment => {
    const param = PARAM.exec(part);
    if (param === null) {
      if (part === '' || part.includes('{') || part.includes('}')) {
        throw new RouteConfigurationError(`bad segment "${part}" in ${route.path}`);
      }
      return { kind: 'literal', value: part };
    }
    const name = param[1] ?? '';
    if (names.has(name)) throw new RouteConfigurationError(`path parameter "${name}" twice in ${route.path}`);
    names.add(name);
    if (param[2] !== '+') return { kind: 'param', name };
    if (index !== parts.length - 1) throw new RouteConfigurationError(`greedy variable must be last: ${route.path}`);
    return { kind: 'greedy', name };
  });
  return { route, routeKey: `${route.method} ${route.path}`, segments, isDefault: false };
}

/** `/a/b` → `['a', 'b']`; `/` → `[]`. A trailing slash leaves an empty last segment, which no variable matches. */
function splitPath(path: string): string[] {
  return path === '/' ? [] : path.replace(/^\//, '').split('/');
}

function matchSegments(segments: readonly Segment[], request: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    if (segment.kind === 'greedy') {
      const rest = request.slice(index);
      if (rest.length === 0 || rest.every((part) => part === '')) return undefined;
      params[segment.name] = rest.join('/');
      return params;
    }
    const part = request[index];
    if (part === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (part !== segment.value) return undefined;
    } else {
      if (part === '') return undefined;
      params[segment.name] = part;
    }
  }
  return segments.length === request.length ? params : undefined;
}

/** Larger is more specific: [tier, per-segment scores..., segment count]. */
function specificity(compiled: CompiledRoute): number[] {
  if (compiled.isDefault) return [0];
  const greedy = compiled.segments.some((segment) => segment.kind === 'greedy');
  const scores = compiled.segments.map((segment) =>
    segment.kind === 'literal' ? 3 : segment.kind === 'param' ? 2 : 1,
  );
  return [greedy ? 1 : 2, ...scores, compiled.segments.length];
}

function methodMatchRank(routeMethod: string, requestMethod: string): number | undefined {
  if (routeMethod === requestMethod) return 2;
  if (requestMethod === 'HEAD' && routeMethod === 'GET') return 1;
  if (routeMethod === 'ANY') return 0;
  return undefined;
}

/**
 * Compares rank vectors position by position. The tier comes first, so different shapes never clash; within a
 * tier, segment scores are compared left to right, then the length, then the method rank, which sits last.
 */
function compareRanks(a: readonly number[], b: readonly number[]): number {
  const length = Math.max(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const difference = (a[index] ?? -1) - (b[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `GET /v1/tenants/{tenantId}/kpis` → `local-get-v1-tenants-tenantid-kpis`, within Lambda's 64-character limit. */
export function functionNameForRoute(routeKey: string): string {
  const slug = routeKey
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `local-${slug || 'default'}`.slice(0, 64);
}
