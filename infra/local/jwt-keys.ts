import { randomUUID } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { GROUPS_CLAIM, TENANTS_CLAIM } from '../../shared/http/principal.js';
import type { Role } from '../../shared/http/roles.js';

/** `iss` of every local token; the local gateway accepts no other. */
export const LOCAL_ISSUER = 'ccc-compliance-local';
/** `aud` of every local token (the Cognito app client id plays this part in AWS). */
export const LOCAL_AUDIENCE = 'ccc-compliance-api';
/** Twelve hours, as README.md promises for `npm run token`. */
export const DEFAULT_TOKEN_TTL_SECONDS = 12 * 60 * 60;

const ALGORITHM = 'ES256';
const PRIVATE_KEY_FILE = 'signing-key.private.jwk.json';
const PUBLIC_KEY_FILE = 'signing-key.public.jwk.json';

/** The local stand-in for the Cognito user pool's signing key. */
export interface SigningKey {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** RFC 7638 thumbprint of the public key, written as `kid` in every token header. */
  readonly kid: string;
  /** The public key as a JWK, fit for a JWKS document. */
  readonly publicJwk: JWK;
}

/** The key files exist but cannot be used (hand-edited, truncated, wrong key type). */
export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
}

/** Why a token was refused; `expired` lets a client tell "log in again" from "this is not a token of ours". */
export type TokenRejectionReason = 'expired' | 'not-yet-valid' | 'invalid';

/** A token failed verification. The message is safe to log; it never contains the token. */
export class TokenVerificationError extends Error {
  override readonly name = 'TokenVerificationError';
  constructor(
    readonly reason: TokenRejectionReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Loads the ES256 key pair kept as JWK files under `dir`, creating it on first use. The private file is written
 * with mode 0600 and published atomically (hard link), so two processes starting together agree on one key and
 * tokens stay valid across restarts.
 */
export async function loadOrCreateSigningKey(dir: string): Promise<SigningKey> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // `mkdir` sets the mode only of a folder it creates: one left readable by an older version is closed here.
  await chmod(dir, 0o700);
  const privatePath = join(dir, PRIVATE_KEY_FILE);
  const existing = await readJwkIfPresent(privatePath);
  if (existing !== undefined) {
    await chmod(privatePath, 0o600);
    return signingKeyFromJwk(existing, privatePath);
  }

  const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const staging = `${privatePath}.${randomUUID()}.tmp`;
  await writeFile(staging, `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(staging, privatePath);
  } catch (error) {
    // Another process published its key first: use that one, so every token verifies.
    if (!isErrnoException(error) || error.code !== 'EEXIST') throw error;
  } finally {
    await unlink(staging);
  }
  const winner = await readJwkIfPresent(privatePath);
  if (winner === undefined) throw new SigningKeyError(`signing key vanished while being created: ${privatePath}`);
  const key = await signingKeyFromJwk(winner, privatePath);
  await writeFile(join(dir, PUBLIC_KEY_FILE), `${JSON.stringify(key.publicJwk, null, 2)}\n`, { mode: 0o644 });
  return key;
}

/** What a local token says about its bearer. */
export interface IssueTokenInput {
  readonly key: SigningKey;
  readonly subject: string;
  readonly roles: readonly Role[];
  readonly tenants: readonly string[];
  readonly ttlSeconds?: number;
  readonly issuer?: string;
  readonly audience?: string;
  /** Issue time; defaults to now. */
  readonly now?: Date;
}

/**
 * Signs a token shaped like a Cognito ID token: roles in `cognito:groups` (an array, as Cognito writes it),
 * tenants in `custom:tenants` (a comma-separated string, as Cognito custom attributes are strings).
 */
export async function issueToken(input: IssueTokenInput): Promise<string> {
  const ttlSeconds = input.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new RangeError('ttlSeconds must be a positive integer');
  const issuedAt = Math.floor((input.now ?? new Date()).getTime() / 1000);
  return new SignJWT({
    [GROUPS_CLAIM]: [...input.roles],
    [TENANTS_CLAIM]: input.tenants.join(','),
    token_use: 'id',
  })
    .setProtectedHeader({ alg: ALGORITHM, kid: input.key.kid, typ: 'JWT' })
    .setSubject(input.subject)
    .setIssuer(input.issuer ?? LOCAL_ISSUER)
    .setAudience(input.audience ?? LOCAL_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .setJti(randomUUID())
    .sign(input.key.privateKey);
}

/** Who must have issued a token, and for whom. */
export interface VerifyTokenOptions {
  readonly issuer: string;
  readonly audience: string;
  /** Verification time; defaults to now. */
  readonly currentDate?: Date;
}

/**
 * Verifies signature (ES256 only, so `alg: none` and HS256-with-the-public-key are refused), `exp`, `nbf`,
 * `iss` and the audience. Like the API Gateway JWT authorizer, the audience may sit in `aud` or, for Cognito
 * access tokens which carry no `aud`, in `client_id`.
 * @throws {TokenVerificationError} whatever the cause, with a reason a gateway can turn into `www-authenticate`.
 */
export async function verifyToken(
  token: string,
  publicKey: CryptoKey,
  options: VerifyTokenOptions,
): Promise<JWTPayload> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, publicKey, {
      algorithms: [ALGORITHM],
      issuer: options.issuer,
      requiredClaims: ['sub', 'exp'],
      ...(options.currentDate === undefined ? {} : { currentDate: options.currentDate }),
    }));
  } catch (error) {
    throw toVerificationError(error);
  }
  if (!hasAudience(payload, options.audience)) {
    throw new TokenVerificationError('invalid', 'the token is not meant for this API');
  }
  return payload;
}

/** A verifier bound to the local key, issuer and audience: what the local gateway's authorizer calls. */
export function localTokenVerifier(key: SigningKey): (token: string) => Promise<JWTPayload> {
  return (token) => verifyToken(token, key.publicKey, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE });
}

async function signingKeyFromJwk(jwk: JWK, path: string): Promise<SigningKey> {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string') {
    throw new SigningKeyError(`not an ES256 private JWK: ${path}`);
  }
  const { d: _secret, ...publicJwk } = jwk;
  try {
    const privateKey = await importJWK({ ...jwk, alg: ALGORITHM }, ALGORITHM);
    const publicKey = await importJWK({ ...publicJwk, alg: ALGORITHM }, ALGORITHM);
    if (!isCryptoKey(privateKey) || !isCryptoKey(publicKey)) throw new SigningKeyError(`unusable key: ${path}`);
    const kid = await calculateJwkThumbprint(publicJwk);
    return { privateKey, publicKey, kid, publicJwk: { ...publicJwk, kid, alg: ALGORITHM, use: 'sig' } };
  } catch (error) {
    if (error instanceof SigningKeyError) throw error;
    throw new SigningKeyError(`unusable key: ${path}`, { cause: error });
  }
}

async function readJwkIfPresent(path: string): Promise<JWK | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as JWK;
  } catch (error) {
    throw new SigningKeyError(`not JSON: ${path}`, { cause: error });
  }
}

function hasAudience(payload: JWTPayload, audience: string): boolean {
  if (payload.aud !== undefined) {
    return Array.isArray(payload.aud) ? payload.aud.includes(audience) : payload.aud === audience;
  }
  return payload.client_id === audience;
}

function toVerificationError(error: unknown): TokenVerificationError {
  if (error instanceof errors.JWTExpired) return new TokenVerificationError('expired', 'the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') {
    return new TokenVerificationError('not-yet-valid', 'the token is not valid yet');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new TokenVerificationError('invalid', `the token's "${error.claim}" claim is not acceptable`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new TokenVerificationError('invalid', 'the token does not have a valid signature');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new TokenVerificationError('invalid', 'the token is not signed with an accepted algorithm');
  }
  return new TokenVerificationError('invalid', 'the token is malformed');
}

function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof value === 'object' && value !== null && 'algorithm' in value && 'type' in value;
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
