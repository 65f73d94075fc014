import { z } from 'zod';
import { defineRoute } from '../../shared/http/api-route.js';
import { NoQuery } from '../../shared/http/common-schemas.js';

export const getHealthRoute = defineRoute({
  method: 'GET',
  path: '/health',
  function: 'get-health',
  operationId: 'getHealth',
  summary: 'Liveness',
  tags: ['operations'],
  authorization: 'none',
  roles: [],
  request: { path: z.strictObject({}), query: NoQuery },
  responses: { 200: { description: 'The API answers', schema: z.object({ status: z.literal('ok') }) } },
});
