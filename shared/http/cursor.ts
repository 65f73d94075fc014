import { createHmac, timingSafeEqual } from 'node:crypto';
import { BadRequestError } from './problem.js';

/**
 * Opaque pagination cursors. A cursor wraps DynamoDB's LastEvaluatedKey with the tenant and route it was issued for,
 * and is signed (HMAC-SHA256), so that a client can neither forge one nor replay it against another tenant's list.
 */
export interface CursorScope {
  tenantId: string;
  /** The list it belongs to, e.g. `complaints`. */
  list: string;
}

interface CursorBody extends CursorScope {
  key: Record<string, unknown>;
}

function sign(secret: Uint8Array, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

export function encodeCursor(
  secret: Uint8Array,
  scope: CursorScope,
  key: Record<string, unknown> | undefined,
): string | undefined {
  if (key === undefined) return undefined;
  const payload = Buffer.from(JSON.stringify({ ...scope, key } satisfies CursorBody)).toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

export function decodeCursor(
  secret: Uint8Array,
  scope: CursorScope,
  cursor: string | undefined,
): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () =>
    new BadRequestError('The cursor is not valid for this list', [
      { in: 'query', path: 'cursor', message: 'invalid cursor' },
    ]);
  const [payload, signature] = cursor.split('.');
  if (!payload || !signature) throw invalid();
  const expected = sign(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  let body: CursorBody;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (body.tenantId !== scope.tenantId || body.list !== scope.list || typeof body.key !== 'object') throw invalid();
  return body.key;
}
