import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../../shared/http/cursor.js';
import { BadRequestError } from '../../../../shared/http/problem.js';

const secret = randomBytes(32);
const scope = { tenantId: 'acme-energy', list: 'complaints' };
const key = { pk: 'T#acme-energy#X', sk: '0042' };

describe('Pagination cursor', () => {
  it('round-trips the key for the same tenant and list', () => {
    expect(decodeCursor(secret, scope, encodeCursor(secret, scope, key))).toEqual(key);
  });

  it('has no cursor when there is no next page, and no key without a cursor', () => {
    expect(encodeCursor(secret, scope, undefined)).toBeUndefined();
    expect(decodeCursor(secret, scope, undefined)).toBeUndefined();
  });

  it.each([
    ['another tenant', (c: string) => decodeCursor(secret, { ...scope, tenantId: 'northwind' }, c)],
    ['another list', (c: string) => decodeCursor(secret, { ...scope, list: 'agents' }, c)],
    ['another key', (c: string) => decodeCursor(randomBytes(32), scope, c)],
    [
      'an edited payload',
      (c: string) =>
        decodeCursor(
          secret,
          scope,
          `${Buffer.from(JSON.stringify({ ...scope, key: { pk: 'T#northwind#X' } })).toString('base64url')}.${c.split('.')[1]}`,
        ),
    ],
    ['garbage', () => decodeCursor(secret, scope, 'not-a-cursor')],
  ])('refuses %s with 400', (_case, use) => {
    const cursor = encodeCursor(secret, scope, key)!;
    expect(() => use(cursor)).toThrow(BadRequestError);
  });
});
