import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { isTransientDependencyError } from '../adapters/transient-errors.js';
import { ContentionError } from '../app/contention.js';
import { IdempotencyKeyReusedError } from '../app/idempotency.js';
import { RetroactiveTimeZoneChangeError } from '../domain/agreement/agreement-errors.js';
import { logger } from '../runtime/logger.js';
import { ConflictError, HttpError, ServiceUnavailableError, toProblem, UnprocessableContentError } from './problem.js';

/** Headers of every answer of the API, problem or not. */
export const SECURITY_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

/**
 * The errors of the application and the domain that mean something to an API client, and the answer each gets.
 * Handlers throw them as they are; this table is the one place they become HTTP. An error neither here nor an
 * {@link HttpError} is a fault: 500, logged.
 */
export const DOMAIN_ERROR_ANSWERS: ReadonlyArray<{
  error: abstract new (...args: never[]) => Error;
  answer: (error: Error) => HttpError;
}> = [
  { error: RetroactiveTimeZoneChangeError, answer: (error) => new ConflictError(error.message) },
  { error: IdempotencyKeyReusedError, answer: (error) => new UnprocessableContentError(error.message) },
  {
    error: ContentionError,
    answer: (error) =>
      new ServiceUnavailableError(
        'Too many concurrent changes to this tenant; nothing was changed, please retry',
        (error as ContentionError).retryAfterSeconds,
      ),
  },
];

/**
 * The HTTP error a thrown value answers as: itself when it is one, its entry in {@link DOMAIN_ERROR_ANSWERS}, 503
 * for a busy or briefly unreachable dependency (the client's cue to retry, not a server fault), else itself.
 */
export function toHttpError(error: unknown): unknown {
  if (error instanceof HttpError) return error;
  const known = DOMAIN_ERROR_ANSWERS.find(({ error: type }) => error instanceof type);
  if (known !== undefined) return known.answer(error as Error);
  if (isTransientDependencyError(error)) return new ServiceUnavailableError();
  return error;
}

/** The problem+json answer (RFC 9457) to an error, with `Retry-After` on a 503. */
export function problemResponse(error: unknown, instance: string): APIGatewayProxyStructuredResultV2 {
  const mapped = toHttpError(error);
  const problem = toProblem(mapped, instance);
  const retryAfter: Record<string, string> =
    mapped instanceof ServiceUnavailableError ? { 'retry-after': String(mapped.retryAfterSeconds) } : {};
  return {
    statusCode: problem.status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'application/problem+json', ...retryAfter },
    body: JSON.stringify(problem),
  };
}

/**
 * middy `onError`: answers any error a handler throws as problem+json, once, at the edge. A fault is logged as an
 * error with the operation; a 503 only as a warning (expected under load, the client retries after Retry-After).
 * Use it after `injectLambdaContext`, so that its log lines still carry the request's keys.
 */
export function problemErrors<TEvent extends Pick<APIGatewayProxyEventV2, 'rawPath'>>(options: {
  operation: string;
  /** The `instance` of the problem when the event has no `rawPath`. */
  path: string;
}): MiddlewareObj<TEvent, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      const thrown = request.error;
      const error = toHttpError(thrown);
      if (!(error instanceof HttpError))
        logger.error('request failed', { error: error as Error, operation: options.operation });
      else if (error.status === 503)
        logger.warn('request refused for now', { status: 503, cause: (thrown as Error | undefined)?.name });
      else if (error.status >= 500) logger.error('request failed', { status: error.status });
      // Set, not returned: a returned value would stop the other onError middlewares (injectLambdaContext's reset).
      request.response = problemResponse(error, request.event?.rawPath ?? options.path);
    },
  };
}
