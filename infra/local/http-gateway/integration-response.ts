import type { GatewayResponse } from './types.js';

/** The handler returned something API Gateway could not turn into an HTTP response (it answers 500). */
export class MalformedIntegrationResponseError extends Error {
  override readonly name = 'MalformedIntegrationResponseError';
}

/**
 * Turns a handler's result into the HTTP response API Gateway (payload format 2.0) would send:
 * - an object with `statusCode` is used as is: `headers` (values stringified), each of `cookies` as its own
 *   `set-cookie`, `body`, decoded from base64 when `isBase64Encoded` is true;
 * - anything else is inferred: status 200, `content-type: application/json`, and the body is the result itself
 *   when it is a string, its JSON text otherwise.
 * @throws {MalformedIntegrationResponseError} for a structured result API Gateway would reject.
 */
export function fromIntegrationResult(result: unknown): GatewayResponse {
  if (isRecord(result) && result.statusCode !== undefined) return fromStructured(result);
  const body = typeof result === 'string' ? result : (JSON.stringify(result) ?? 'null');
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    cookies: [],
    body: Buffer.from(body, 'utf8'),
  };
}

/** A response API Gateway produces itself: `{"message": "..."}` as JSON, the form its own errors take. */
export function gatewayMessage(
  statusCode: number,
  message: string,
  headers: Record<string, string> = {},
): GatewayResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    cookies: [],
    body: Buffer.from(JSON.stringify({ message }), 'utf8'),
  };
}

function fromStructured(result: Record<string, unknown>): GatewayResponse {
  const { statusCode, headers, cookies, body, isBase64Encoded } = result;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    throw new MalformedIntegrationResponseError(`statusCode must be an integer from 100 to 599`);
  }
  if (body !== undefined && body !== null && typeof body !== 'string') {
    throw new MalformedIntegrationResponseError('body must be a string');
  }
  if (isBase64Encoded !== undefined && typeof isBase64Encoded !== 'boolean') {
    throw new MalformedIntegrationResponseError('isBase64Encoded must be a boolean');
  }
  const text = body ?? '';
  return {
    statusCode,
    headers: normalizeHeaders(headers),
    cookies: normalizeCookies(cookies),
    body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
  };
}

function normalizeHeaders(headers: unknown): Record<string, string> {
  if (headers === undefined || headers === null) return {};
  if (!isRecord(headers)) throw new MalformedIntegrationResponseError('headers must be an object');
  const normalized: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new MalformedIntegrationResponseError(`header "${name}" must be a string, number or boolean`);
    }
    normalized[name.toLowerCase()] = String(value);
  }
  return normalized;
}

function normalizeCookies(cookies: unknown): string[] {
  if (cookies === undefined || cookies === null) return [];
  if (!Array.isArray(cookies) || !cookies.every((cookie) => typeof cookie === 'string')) {
    throw new MalformedIntegrationResponseError('cookies must be an array of strings');
  }
  return cookies;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
