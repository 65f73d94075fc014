import { z } from 'zod';
import { defineRoute } from '../../shared/http/api-route.js';
import { NoQuery } from '../../shared/http/common-schemas.js';

const common = {
  function: 'serve-api-docs',
  tags: ['documentation'],
  authorization: 'none' as const,
  roles: [],
  request: { path: z.strictObject({}), query: NoQuery },
};

export const getOpenApiRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/openapi.json',
  operationId: 'getOpenApi',
  summary: 'This OpenAPI 3.1 document',
  responses: { 200: { description: 'The document' } },
});

export const getDocsRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/docs',
  operationId: 'getDocs',
  summary: 'The API reference as a page',
  responses: { 200: { description: 'HTML', contentType: 'text/html' } },
});
