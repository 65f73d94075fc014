import { TokenVerificationError } from '../jwt-keys.js';
import { gatewayMessage } from './integration-response.js';
import type { GatewayResponse } from './types.js';

/** The JWT authorizer let the request through (with the token's claims) or answered 401 itself. */
export type AuthorizerOutcome =
  | { readonly allowed: true; readonly claims: Record<string, unknown> }
  | { readonly allowed: false; readonly response: GatewayResponse; readonly reason: string };

/**
 * Emulates the HTTP API JWT authorizer with identity source `$request.header.Authorization`: the header holds
 * the token, bare or prefixed with `Bearer `. A missing token or one that fails verification gets API Gateway's
 * own 401 `{"message":"Unauthorized"}` and never reaches the integration.
 */
export async function authorizeRequest(
  authorization: string | undefined,
  verifyToken: (token: string) => Promise<Record<string, unknown>>,
): Promise<AuthorizerOutcome> {
  const token = extractToken(authorization);
  if (token === undefined) return refuse('Bearer', 'no token');
  try {
    const claims = await verifyToken(token);
    if (typeof claims !== 'object' || claims === null) return refuse(challenge('the token is invalid'), 'no claims');
    return { allowed: true, claims };
  } catch (error) {
    const description = error instanceof TokenVerificationError ? error.message : 'the token is invalid';
    return refuse(challenge(description), description);
  }
}

function extractToken(authorization: string | undefined): string | undefined {
  const value = authorization
    ?.trim()
    .replace(/^bearer\s+/i, '')
    .trim();
  return value === undefined || value === '' ? undefined : value;
}

function challenge(description: string): string {
  return `Bearer scope="" error="invalid_token" error_description="${description.replaceAll('"', "'")}"`;
}

function refuse(wwwAuthenticate: string, reason: string): AuthorizerOutcome {
  return {
    allowed: false,
    response: gatewayMessage(401, 'Unauthorized', { 'www-authenticate': wwwAuthenticate }),
    reason,
  };
}
