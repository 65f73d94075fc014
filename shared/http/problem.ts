/**
 * Typed HTTP errors, mapped once to `application/problem+json` (RFC 9457) at the edge. Messages are written for the
 * API's users: never a stack, an SDK message or an internal identifier.
 */
export interface ProblemDetail {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: Array<{ in: 'path' | 'query' | 'body' | 'header'; path: string; message: string }>;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly errors?: ProblemDetail['errors'],
  ) {
    super(detail);
  }
}

export class BadRequestError extends HttpError {
  override name = 'BadRequestError';
  constructor(detail: string, errors?: ProblemDetail['errors']) {
    super(400, 'validation-error', 'Your request is not valid', detail, errors);
  }
}

export class UnauthorizedError extends HttpError {
  override name = 'UnauthorizedError';
  constructor(detail = 'A valid bearer token is required') {
    super(401, 'unauthorized', 'Unauthorized', detail);
  }
}

export class ForbiddenError extends HttpError {
  override name = 'ForbiddenError';
  constructor(detail = 'Your role does not allow this operation') {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}

export class NotFoundError extends HttpError {
  override name = 'NotFoundError';
  constructor(detail = 'No such resource') {
    super(404, 'not-found', 'Not Found', detail);
  }
}

export class ConflictError extends HttpError {
  override name = 'ConflictError';
  constructor(detail: string) {
    super(409, 'conflict', 'Conflict', detail);
  }
}

/** The request was understood but cannot be applied as sent (an idempotency key reused with another body). */
export class UnprocessableContentError extends HttpError {
  override name = 'UnprocessableContentError';
  constructor(detail: string) {
    super(422, 'unprocessable-content', 'Unprocessable Content', detail);
  }
}

/** A dependency is down or overloaded for a moment: nothing was changed, and the same request may be sent again. */
export class ServiceUnavailableError extends HttpError {
  override name = 'ServiceUnavailableError';
  constructor(
    detail = 'The service is busy or a dependency is unavailable; nothing was changed, please retry',
    readonly retryAfterSeconds = 1,
  ) {
    super(503, 'service-unavailable', 'Service Unavailable', detail);
  }
}

export class PayloadTooLargeError extends HttpError {
  override name = 'PayloadTooLargeError';
  constructor(limitBytes: number) {
    super(413, 'payload-too-large', 'Payload Too Large', `The request body exceeds ${limitBytes} bytes`);
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  override name = 'UnsupportedMediaTypeError';
  constructor() {
    super(415, 'unsupported-media-type', 'Unsupported Media Type', 'Send the body as application/json');
  }
}

/** Problem types are documented at this base (README, "Errors"). */
export const PROBLEM_TYPE_BASE = 'https://ccc-compliance.github.io/problems/';

export function toProblem(error: unknown, instance?: string): ProblemDetail {
  if (error instanceof HttpError) {
    return {
      type: `${PROBLEM_TYPE_BASE}${error.slug}`,
      title: error.title,
      status: error.status,
      detail: error.message,
      ...(instance === undefined ? {} : { instance }),
      ...(error.errors === undefined ? {} : { errors: error.errors }),
    };
  }
  return {
    type: `${PROBLEM_TYPE_BASE}internal-error`,
    title: 'Internal Server Error',
    status: 500,
    detail: 'The request could not be completed; it has been logged with its request id',
    ...(instance === undefined ? {} : { instance }),
  };
}
