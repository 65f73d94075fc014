import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader, exportSPKI, SignJWT, UnsecuredJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  issueToken,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  loadOrCreateSigningKey,
  type SigningKey,
  SigningKeyError,
  TokenVerificationError,
  verifyToken,
} from '../../../../infra/local/jwt-keys.js';

// These tests cover infra/local/jwt-keys.ts; they sit here because this folder is the gateway's test home.

const options = { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jwt-keys-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function baseClaims(key: SigningKey) {
  return { key, subject: 'local-auditor', roles: ['auditor' as const], tenants: ['acme', 'globex'] };
}

async function expectRejected(token: string, key: SigningKey, reason: string, verify = options) {
  const error = await verifyToken(token, key.publicKey, verify).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(TokenVerificationError);
  expect((error as TokenVerificationError).reason).toBe(reason);
}

describe('Function: loadOrCreateSigningKey', () => {
  it('creates the key pair as JWK files, the private one readable by its owner only', async () => {
    const key = await loadOrCreateSigningKey(join(dir, 'keys'));

    const privateStat = await stat(join(dir, 'keys', 'signing-key.private.jwk.json'));
    expect(privateStat.mode & 0o777).toBe(0o600);
    const publicJwk = JSON.parse(await readFile(join(dir, 'keys', 'signing-key.public.jwk.json'), 'utf8'));
    expect(publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid: key.kid, alg: 'ES256' });
    expect(publicJwk.d).toBeUndefined();
  });

  it('reuses the stored key, so a token survives a restart', async () => {
    const first = await loadOrCreateSigningKey(dir);
    const token = await issueToken(baseClaims(first));

    const second = await loadOrCreateSigningKey(dir);

    expect(second.kid).toBe(first.kid);
    await expect(verifyToken(token, second.publicKey, options)).resolves.toMatchObject({ sub: 'local-auditor' });
  });

  it('settles on a single key when several processes create it at once', async () => {
    const keys = await Promise.all([1, 2, 3, 4, 5].map(() => loadOrCreateSigningKey(dir)));
    expect(new Set(keys.map((key) => key.kid)).size).toBe(1);
  });

  it('refuses a key file that is not an ES256 private key', async () => {
    await writeFile(join(dir, 'signing-key.private.jwk.json'), JSON.stringify({ kty: 'oct', k: 'c2VjcmV0' }));
    await expect(loadOrCreateSigningKey(dir)).rejects.toBeInstanceOf(SigningKeyError);
    await writeFile(join(dir, 'signing-key.private.jwk.json'), '{ not json');
    await expect(loadOrCreateSigningKey(dir)).rejects.toBeInstanceOf(SigningKeyError);
  });
});

describe('Function: issueToken and verifyToken', () => {
  it('issues a Cognito-shaped token that verifies', async () => {
    const key = await loadOrCreateSigningKey(dir);
    const token = await issueToken({ ...baseClaims(key), ttlSeconds: 60 });

    const claims = await verifyToken(token, key.publicKey, options);

    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: key.kid, typ: 'JWT' });
    expect(claims).toMatchObject({
      sub: 'local-auditor',
      iss: LOCAL_ISSUER,
      aud: LOCAL_AUDIENCE,
      'cognito:groups': ['auditor'],
      'custom:tenants': 'acme,globex',
      token_use: 'id',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(60);
  });

  it('defaults to a twelve-hour lifetime', async () => {
    const key = await loadOrCreateSigningKey(dir);
    const claims = await verifyToken(await issueToken(baseClaims(key)), key.publicKey, options);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(12 * 3600);
  });

  it('rejects an expired token', async () => {
    const key = await loadOrCreateSigningKey(dir);
    const token = await issueToken({ ...baseClaims(key), ttlSeconds: 60, now: new Date(Date.now() - 3_600_000) });
    await expectRejected(token, key, 'expired');
  });

  it('rejects a token that is not valid yet', async () => {
    const key = await loadOrCreateSigningKey(dir);
    const token = await issueToken({ ...baseClaims(key), now: new Date(Date.now() + 3_600_000) });
    await expectRejected(token, key, 'not-yet-valid');
  });

  it('rejects a token signed by another key', async () => {
    const key = await loadOrCreateSigningKey(dir);
    const other = await loadOrCreateSigningKey(join(dir, 'other'));
    await expectRejected(await issueToken(baseClaims(other)), key, 'invalid');
  });

  it('rejects an unsecured token (alg: none)', async () => {
    const key = await loadOrCreateSigningKey(dir);
    const token = new UnsecuredJWT({ 'cognito:groups': ['admin'], 'custom:tenants': 'acme' })
      .setSubject('attacker')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('1h')
      .encode();
    await expectRejected(token, key, 'invalid');
  });

  it('rejects HS256 signed with the public key as the secret (algorithm confusion)', async () => {
    const key = await loadOrCreateSigningKey(dir);
    const secrets = [
      new TextEncoder().encode(await exportSPKI(key.publicKey)),
      new TextEncoder().encode(JSON.stringify(key.publicJwk)),
    ];
    for (const secret of secrets) {
      const token = await new SignJWT({ 'cognito:groups': ['admin'] })
        .setProtectedHeader({ alg: 'HS256', kid: key.kid })
        .setSubject('attacker')
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setExpirationTime('1h')
        .sign(secret);
      await expectRejected(token, key, 'invalid');
    }
  });

  it('rejects the wrong issuer and the wrong audience', async () => {
    const key = await loadOrCreateSigningKey(dir);
    await expectRejected(await issueToken({ ...baseClaims(key), issuer: 'someone-else' }), key, 'invalid');
    await expectRejected(await issueToken({ ...baseClaims(key), audience: 'another-api' }), key, 'invalid');
  });

  it.each(['', 'not-a-token', 'a.b.c', 'eyJhbGciOiJFUzI1NiJ9.e30.', 'eyJ.eyJ.eyJ.eyJ.eyJ'])(
    'rejects the malformed token %j',
    async (token) => {
      const key = await loadOrCreateSigningKey(dir);
      await expectRejected(token, key, 'invalid');
    },
  );

  it('accepts the audience in client_id when aud is absent, as for Cognito access tokens', async () => {
    const key = await loadOrCreateSigningKey(dir);
    const accessToken = await new SignJWT({ client_id: LOCAL_AUDIENCE, token_use: 'access', 'cognito:groups': ['dpo'] })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setSubject('user')
      .setIssuer(LOCAL_ISSUER)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key.privateKey);
    await expect(verifyToken(accessToken, key.publicKey, options)).resolves.toMatchObject({
      client_id: LOCAL_AUDIENCE,
    });

    const wrongClient = await new SignJWT({ client_id: 'other-client' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('user')
      .setIssuer(LOCAL_ISSUER)
      .setExpirationTime('1h')
      .sign(key.privateKey);
    await expectRejected(wrongClient, key, 'invalid');
  });

  it('refuses a lifetime that is not a positive whole number of seconds', async () => {
    const key = await loadOrCreateSigningKey(dir);
    await expect(issueToken({ ...baseClaims(key), ttlSeconds: 0 })).rejects.toBeInstanceOf(RangeError);
    await expect(issueToken({ ...baseClaims(key), ttlSeconds: 1.5 })).rejects.toBeInstanceOf(RangeError);
  });
});
