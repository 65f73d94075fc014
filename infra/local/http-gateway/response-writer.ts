import { type ServerResponse, validateHeaderName, validateHeaderValue } from 'node:http';
import { gatewayMessage } from './integration-response.js';
import type { GatewayLogger, GatewayResponse } from './types.js';

/** How to write one response. */
export interface WriteOptions {
  readonly requestId: string;
  readonly method: string;
  /** Close the connection afterwards: the request body was not (fully) read. */
  readonly closeConnection: boolean;
  readonly logger: GatewayLogger;
}

/**
 * Writes a response as API Gateway would: each cookie as its own `set-cookie`, a recomputed `content-length`,
 * the `apigw-requestid` header, and no body for HEAD. A header Node refuses to send (a handler returning a line
 * break in a value, say) turns the whole response into 500 rather than a half-written one.
 */
export function writeResponse(response: ServerResponse, gatewayResponse: GatewayResponse, options: WriteOptions): void {
  if (response.headersSent || response.destroyed) return;
  const { statusCode, headers, cookies, body } = sendable(gatewayResponse, options);
  const { 'set-cookie': headerCookie, 'content-length': _length, 'transfer-encoding': _encoding, ...rest } = headers;
  for (const [name, value] of Object.entries(rest)) response.setHeader(name, value);
  const setCookies = headerCookie === undefined ? [...cookies] : [headerCookie, ...cookies];
  if (setCookies.length > 0) response.setHeader('set-cookie', setCookies);
  response.setHeader('apigw-requestid', options.requestId);
  response.setHeader('content-length', body.length);
  if (options.closeConnection) response.setHeader('connection', 'close');
  response.statusCode = statusCode;
  response.end(options.method === 'HEAD' ? undefined : body);
}

function sendable(candidate: GatewayResponse, options: WriteOptions): GatewayResponse {
  try {
    for (const [name, value] of Object.entries(candidate.headers)) {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    }
    for (const cookie of candidate.cookies) validateHeaderValue('set-cookie', cookie);
    return candidate;
  } catch (error) {
    options.logger.error('integration returned an invalid header', { requestId: options.requestId, error });
    return gatewayMessage(500, 'Internal Server Error');
  }
}

/** Default logger: the access log stays quiet, failures go to stderr so they are never lost. */
export const stderrLogger: GatewayLogger = {
  info: () => {},
  warn: (message, attributes) => console.error(formatLine('WARN', message, attributes)),
  error: (message, attributes) => console.error(formatLine('ERROR', message, attributes)),
};

function formatLine(level: string, message: string, attributes: Record<string, unknown>): string {
  const plain = Object.fromEntries(
    Object.entries(attributes).map(([key, value]) => [
      key,
      value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value,
    ]),
  );
  return JSON.stringify({ level, message, ...plain });
}
