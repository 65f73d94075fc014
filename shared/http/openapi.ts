import { z } from 'zod';
import type { ApiRoute } from './api-route.js';
import { Problem } from './common-schemas.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

function parameters(object: z.ZodObject, where: 'path' | 'query') {
  return Object.entries(object.shape).map(([name, field]) => {
    const schema = jsonSchema(field as z.ZodType, 'input');
    const optional = (field as z.ZodType).safeParse(undefined).success;
    return {
      name,
      in: where,
      required: where === 'path' || !optional,
      ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
      schema,
    };
  });
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: jsonSchema(Problem, 'output') } },
});

// The edge answers every problem as `application/problem+json` (api-handler.ts), whatever the status.
const defaultContentType = (schema: z.ZodType) =>
  schema === Problem ? 'application/problem+json' : 'application/json';

// The HTTP API's JWT authorizer refuses a bad token itself, before any function runs, with API Gateway's own body.
const GatewayMessage = z.strictObject({ message: z.string() }).meta({ description: "API Gateway's own answer" });
const unauthorizedResponse = {
  description: 'Missing, expired or invalid bearer token (refused by the gateway: `{"message":"Unauthorized"}`)',
  content: {
    'application/json': { schema: jsonSchema(GatewayMessage, 'output') },
    ...problemResponse('').content,
  },
};

function operation(route: ApiRoute) {
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.schema === undefined
        ? {}
        : {
            content: {
              [response.contentType ?? defaultContentType(response.schema)]: {
                schema: jsonSchema(response.schema, 'output'),
              },
            },
          }),
    };
  }
  responses['400'] ??= problemResponse('Invalid path, query or body');
  if (route.authorization === 'jwt') {
    responses['401'] = unauthorizedResponse;
    responses['403'] = problemResponse('Your role may not do this');
    responses['404'] = problemResponse('No such tenant, or one your token does not name');
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    tags: route.tags,
    ...(route.authorization === 'jwt'
      ? {
          security: [{ bearer: [] }],
          'x-roles': route.roles,
          description: `${route.description ?? route.summary}\n\nRoles: ${route.roles.join(', ')}.`,
        }
      : { security: [] }),
    parameters: [...parameters(route.request.path, 'path'), ...parameters(route.request.query, 'query')],
    ...(route.request.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(route.request.body, 'input') } },
          },
        }),
    responses,
  };
}

/**
 * The OpenAPI 3.1 document, generated from the very route definitions and zod schemas the handlers validate with,
 * so that it cannot drift from what the API does.
 */
export function buildOpenApiDocument(routes: readonly ApiRoute[], info: { version: string; serverUrl?: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Contact-centre compliance API',
      version: info.version,
      description:
        'ISO 18295-1 self-assessment and ISO 18295-2 client oversight for a customer contact centre. Every threshold is configuration with its origin; none is required by ISO 18295.',
    },
    ...(info.serverUrl === undefined ? {} : { servers: [{ url: info.serverUrl }] }),
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
