import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import type { ApiRoute } from './api-route.js';
import { BadRequestError, PayloadTooLargeError, type ProblemDetail, UnsupportedMediaTypeError } from './problem.js';

/** JSON bodies of this API are small documents (agreements, purposes); anything larger is a mistake or an attack. */
export const MAX_BODY_BYTES = 64 * 1024;

type Where = NonNullable<ProblemDetail['errors']>[number]['in'];

function issues(where: Where, error: z.ZodError): NonNullable<ProblemDetail['errors']> {
  return error.issues.map((issue) => ({ in: where, path: issue.path.join('.') || '(root)', message: issue.message }));
}

function parsePart<S extends z.ZodType>(schema: S, value: unknown, where: Where): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new BadRequestError(
      `Invalid ${where === 'body' ? 'request body' : `${where} parameters`}`,
      issues(where, parsed.error),
    );
  return parsed.data;
}

function readBody(event: APIGatewayProxyEventV2): unknown {
  if (event.body === undefined || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  const contentType = event.headers?.['content-type'] ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) throw new UnsupportedMediaTypeError();
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BadRequestError('The request body is not valid JSON');
  }
}

/**
 * Validates path, query and body against the route's schemas. Query schemas are strict objects, so an unknown query
 * parameter is an error rather than silently ignored (a typo like `?chanel=` must not return unfiltered data).
 */
export function parseRequest(route: ApiRoute, event: APIGatewayProxyEventV2) {
  const path = parsePart(route.request.path, event.pathParameters ?? {}, 'path');
  const query = parsePart(route.request.query, event.queryStringParameters ?? {}, 'query');
  const rawBody = readBody(event);
  let body: unknown;
  if (route.request.body === undefined) {
    if (rawBody !== undefined) throw new BadRequestError('This operation takes no request body');
  } else {
    if (rawBody === undefined) throw new BadRequestError('A JSON request body is required');
    body = parsePart(route.request.body, rawBody, 'body');
  }
  return { path: path as Record<string, string>, query, body };
}
