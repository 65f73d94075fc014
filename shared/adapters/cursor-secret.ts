import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigurationError } from '../app/configuration-error.js';

const MIN_BYTES = 32;

/**
 * How long a container keeps the cursor key before reading Secrets Manager again: a rotated key is in use everywhere
 * within this time, and a busy function reads the secret at most once per period, not once per request.
 */
export const CURSOR_SECRET_MAX_AGE_SECONDS = 5 * 60;

function decode(text: string, from: string): Uint8Array {
  const bytes = /^[0-9a-f]+$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (bytes.byteLength < MIN_BYTES)
    throw new ConfigurationError(`${from} must hold at least ${MIN_BYTES} random bytes (hex or base64)`);
  return bytes;
}

/**
 * Reads the key that signs pagination cursors: `CURSOR_SECRET` (hex or base64; the local runtime generates one under
 * `.local/keys/`), or in AWS the Secrets Manager secret named by `CURSOR_SECRET_ARN`, so that its value never sits
 * in the function's configuration. The secret is read through Powertools Parameters and cached for
 * {@link CURSOR_SECRET_MAX_AGE_SECONDS}, so a rotation is picked up without a redeploy or a cold start. Cursors
 * signed with the previous key are refused once the new one is read (the client lists again from the start).
 */
export function cursorSecretReader(
  env: NodeJS.ProcessEnv,
  maxAgeSeconds = CURSOR_SECRET_MAX_AGE_SECONDS,
): () => Promise<Uint8Array> {
  if (env.CURSOR_SECRET) {
    const key = decode(env.CURSOR_SECRET, 'CURSOR_SECRET');
    return async () => key;
  }
  const arn = env.CURSOR_SECRET_ARN;
  if (!arn) {
    return async () => {
      throw new ConfigurationError('CURSOR_SECRET or CURSOR_SECRET_ARN is required to sign pagination cursors');
    };
  }
  const provider = new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient({ region: env.AWS_REGION }) });
  let decoded: { text: string; key: Uint8Array } | undefined;
  return async () => {
    const value = await provider.get(arn, { maxAge: maxAgeSeconds });
    if (typeof value !== 'string') throw new ConfigurationError('the cursor secret has no string value');
    if (decoded?.text !== value) decoded = { text: value, key: decode(value, 'the cursor secret') };
    return decoded.key;
  };
}

let reader: (() => Promise<Uint8Array>) | undefined;

/** The cursor key of this container, read as {@link cursorSecretReader} says from the environment of the first call. */
export function cursorSecret(env: NodeJS.ProcessEnv = process.env): Promise<Uint8Array> {
  reader ??= cursorSecretReader(env);
  return reader();
}
