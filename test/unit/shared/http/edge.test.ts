import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ContentionError } from '../../../../shared/app/contention.js';
import { IdempotencyKeyReusedError } from '../../../../shared/app/idempotency.js';
import { RetroactiveTimeZoneChangeError } from '../../../../shared/domain/agreement/agreement-versions.js';
import { apiHandler } from '../../../../shared/http/api-handler.js';
import { defineRoute } from '../../../../shared/http/api-route.js';
import { apiRoutes } from '../../../../shared/http/api-routes.js';
import { NoQuery } from '../../../../shared/http/common-schemas.js';
import { ForbiddenError } from '../../../../shared/http/problem.js';

const context = { functionName: 'edge', awsRequestId: 'r', getRemainingTimeInMillis: () => 3000 } as Context;

const route = (path: string) =>
  defineRoute({
    method: 'GET',
    path,
    function: 'edge',
    operationId: path.slice(1),
    summary: path,
    tags: [],
    authorization: 'none',
    roles: [],
    request: { path: z.strictObject({}), query: NoQuery },
    responses: { 200: { description: 'ok' } },
  });

const call = async (handler: ReturnType<typeof apiRoutes>, routeKey: string, rawPath: string) =>
  (await handler(
    {
      version: '2.0',
      routeKey,
      rawPath,
      rawQueryString: '',
      headers: {},
      isBase64Encoded: false,
      requestContext: { requestId: 'r' },
    } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer,
    context,
  )) as APIGatewayProxyStructuredResultV2;

/** A function serving two routes: `/a` answers, `/fail` throws what the test put in `thrown`. */
let thrown: unknown;
const handler = apiRoutes([
  apiHandler(route('/a'), async () => ({ body: { route: 'a' } })),
  apiHandler(route('/fail'), async () => {
    throw thrown;
  }),
]);

describe('HTTP edge: one dispatcher per function', () => {
  it('picks the route by routeKey, whatever the path looks like', async () => {
    const response = await call(handler, 'GET /a', '/anything/fail');
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body!)).toEqual({ route: 'a' });
  });

  it('answers 404 problem+json for a route the function does not serve', async () => {
    const response = await call(handler, 'GET /b', '/b');
    expect(response.statusCode).toBe(404);
    expect(response.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    expect(JSON.parse(response.body!)).toMatchObject({ status: 404, title: 'Not Found', instance: '/b' });
  });
});

describe('HTTP edge: errors mapped once', () => {
  const transient = Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
  it.each([
    ['an HTTP error as itself', new ForbiddenError(), 403, 'forbidden', undefined],
    ['a retroactive time-zone change', new RetroactiveTimeZoneChangeError('days begun'), 409, 'conflict', undefined],
    ['a reused idempotency key', new IdempotencyKeyReusedError('key reused'), 422, 'unprocessable-content', undefined],
    ['lost races', new ContentionError('the agreement', 3), 503, 'service-unavailable', '3'],
    ['a transient dependency failure', transient, 503, 'service-unavailable', '1'],
    ['anything else as a fault', new TypeError('x is undefined'), 500, 'internal-error', undefined],
  ])('answers %s', async (_what, error, status, slug, retryAfter) => {
    thrown = error;
    const response = await call(handler, 'GET /fail', '/fail');
    expect(response.statusCode).toBe(status);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(response.headers?.['retry-after']).toBe(retryAfter);
    const problem = JSON.parse(response.body!);
    expect(problem).toMatchObject({ status, type: expect.stringMatching(new RegExp(`/${slug}$`)), instance: '/fail' });
    // A fault's message never reaches the client; a domain error's message is written for it.
    if (status === 500) expect(problem.detail).not.toContain('undefined');
    if (status === 409 || status === 422) expect(problem.detail).toBe((error as Error).message);
  });
});
