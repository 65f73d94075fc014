import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigurationError } from '../runtime/config.js';

const MIN_BYTES = 32;

function decode(text: string, from: string): Uint8Array {
  const bytes = /^[0-9a-f]+$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (bytes.byteLength < MIN_BYTES)
    throw new ConfigurationError(`${from} must hold at least ${MIN_BYTES} random bytes (hex or base64)`);
  return bytes;
}

let cached: Promise<Uint8Array> | undefined;

/**
 * The key that signs pagination cursors: `CURSOR_SECRET` (hex or base64; the local runtime generates one under
 * `.local/keys/`), or in AWS the Secrets Manager secret named by `CURSOR_SECRET_ARN`, read once per container so
 * that its value never sits in the function's configuration.
 */
export function cursorSecret(env: NodeJS.ProcessEnv = process.env): Promise<Uint8Array> {
  cached ??= (async () => {
    if (env.CURSOR_SECRET) return decode(env.CURSOR_SECRET, 'CURSOR_SECRET');
    if (env.CURSOR_SECRET_ARN) {
      const client = new SecretsManagerClient({ region: env.AWS_REGION });
      const out = await client.send(new GetSecretValueCommand({ SecretId: env.CURSOR_SECRET_ARN }));
      if (out.SecretString === undefined) throw new ConfigurationError('the cursor secret has no string value');
      return decode(out.SecretString, 'the cursor secret');
    }
    throw new ConfigurationError('CURSOR_SECRET or CURSOR_SECRET_ARN is required to sign pagination cursors');
  })().catch((error) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
