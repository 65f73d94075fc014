import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../functions/routes.js';
import { handler } from '../../../functions/serve-api-docs/handler.js';

const context = { functionName: 'serve-api-docs', awsRequestId: 'r', getRemainingTimeInMillis: () => 3000 } as Context;
const get = async (path: string) =>
  (await handler(
    {
      version: '2.0',
      routeKey: `GET ${path}`,
      rawPath: path,
      rawQueryString: '',
      headers: {},
      isBase64Encoded: false,
      requestContext: { requestId: 'r' },
    } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer,
    context,
  )) as APIGatewayProxyStructuredResultV2;

describe('Function: serve-api-docs', () => {
  it('documents every route of the router, with its roles, parameters and problem answers (OpenAPI 3.1)', async () => {
    const response = await get('/openapi.json');
    const document = JSON.parse(response.body!);

    expect(response.statusCode).toBe(200);
    expect(document.openapi).toBe('3.1.0');
    for (const route of routes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation.operationId).toBe(route.operationId);
      const documented = operation.parameters.map((p: { name: string }) => p.name);
      expect(documented).toEqual(
        expect.arrayContaining([...Object.keys(route.request.path.shape), ...Object.keys(route.request.query.shape)]),
      );
      if (route.authorization === 'jwt') {
        expect(operation['x-roles']).toEqual(route.roles);
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403', '404']));
        expect(operation.responses['404'].content).toHaveProperty(['application/problem+json']);
      }
      if (route.request.body !== undefined)
        expect(operation.requestBody.content['application/json'].schema).toBeTypeOf('object');
    }
    const documentedCount = Object.values(document.paths).flatMap((methods) => Object.keys(methods as object)).length;
    expect(documentedCount).toBe(routes.length);
  });

  it('renders the same document as a page without scripts', async () => {
    const response = await get('/docs');

    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toContain('text/html');
    expect(response.headers?.['content-security-policy']).toContain("default-src 'none'");
    expect(response.body).not.toContain('<script');
    for (const route of routes) expect(response.body).toContain(`id="${route.operationId}"`);
  });
});
