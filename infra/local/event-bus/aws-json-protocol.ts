import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The content type of the AWS JSON 1.1 protocol, which EventBridge speaks. */
export const AWS_JSON_1_1 = 'application/x-amz-json-1.1';

/**
 * A request-level error, answered in the AWS JSON shape (`__type`, `message`) that the SDKs and the CLI turn into
 * a typed exception (`ValidationException`, `InvalidEventPatternException`, ...).
 */
export class AwsServiceError extends Error {
  override readonly name = 'AwsServiceError';

  constructor(
    /** The AWS error code, e.g. `ValidationException`. */
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/**
 * Reads a request body up to `limitBytes`. A longer one is refused without being kept in memory; it is still read
 * to its end so that the client gets the error instead of a reset connection.
 */
export function readBody(request: IncomingMessage, limitBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size <= limitBytes) resolve(Buffer.concat(chunks).toString('utf8'));
      else reject(new AwsServiceError('ValidationException', `Request body is over the limit of ${limitBytes} bytes.`));
    });
    request.on('error', reject);
  });
}

/** Parses a JSON request body; an empty body is an empty input, as the SDKs send `{}` for operations without one. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AwsServiceError(
      'SerializationException',
      `The request body is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/** Answers an AWS JSON 1.1 result. */
export function sendAwsResult(response: ServerResponse, result: unknown): void {
  send(response, 200, result, {});
}

/** Answers an AWS JSON 1.1 error, with the code both in the body and in `x-amzn-ErrorType`. */
export function sendAwsError(response: ServerResponse, error: AwsServiceError): void {
  send(response, error.status, { __type: error.code, message: error.message }, { 'x-amzn-ErrorType': error.code });
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': AWS_JSON_1_1,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-RequestId': randomUUID(),
    ...headers,
  });
  response.end(payload);
}
