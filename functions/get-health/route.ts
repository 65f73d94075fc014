import { z } from 'zod';
import { defineRoute } from '../../shared/http/api-route.js';
import { NoQuery } from '../../shared/http/common-schemas.js';

const DependencyState = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number().int().nonnegative(),
  detail: z.string().optional().describe('Why it is down: an error name or code'),
});

/** The same body for 200 and 503, so a monitor reads one shape. */
export const HealthReport = z.object({
  status: z.enum(['ok', 'unavailable']),
  dependencies: z
    .object({
      dynamodb: DependencyState,
      s3: DependencyState.optional().describe('The buckets; checked where a local S3 endpoint is configured'),
      ses: DependencyState.optional().describe('Checked where a local SES endpoint is configured'),
    })
    .describe('Each dependency this function can reach, and its state'),
});

export const getHealthRoute = defineRoute({
  method: 'GET',
  path: '/health',
  function: 'get-health',
  operationId: 'getHealth',
  summary: "Liveness and each dependency's state",
  tags: ['operations'],
  authorization: 'none',
  roles: [],
  request: { path: z.strictObject({}), query: NoQuery },
  responses: {
    200: { description: 'The API answers and every dependency it checks is up', schema: HealthReport },
    503: {
      description: 'A dependency is down (the body says which); try again after `Retry-After` seconds',
      schema: HealthReport,
    },
  },
});
