import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { ApiRoute } from './api-route.js';
import { NotFoundError } from './problem.js';
import { problemResponse } from './problem-errors.js';

/** A route's Lambda handler as {@link apiHandler} builds it: the handler and the route it serves. */
export interface RouteHandler {
  route: ApiRoute;
  (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context): Promise<APIGatewayProxyStructuredResultV2>;
}

/** The key API Gateway (and the local gateway, infra/local/http-gateway) sets as `routeKey` for a route. */
export function routeKeyOf(route: Pick<ApiRoute, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/**
 * One Lambda handler for the routes a function serves: picks the route by the event's `routeKey`, which API
 * Gateway sets to the route it matched, so no handler parses paths. An event for no route of this function (a
 * misconfigured integration) is answered 404 problem+json, as an unknown path is.
 */
export function apiRoutes(handlers: readonly RouteHandler[]) {
  const byKey = new Map(handlers.map((handler) => [routeKeyOf(handler.route), handler]));
  return async (
    event: APIGatewayProxyEventV2WithJWTAuthorizer,
    context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const handler = byKey.get(event.routeKey);
    if (handler === undefined) return problemResponse(new NotFoundError(), event.rawPath ?? '/');
    return handler(event, context);
  };
}
