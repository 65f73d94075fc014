import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CURSOR_SECRET_MAX_AGE_SECONDS, cursorSecretReader } from '../../../../shared/adapters/cursor-secret.js';

const ARN = 'arn:aws:secretsmanager:eu-west-3:111122223333:secret:cursor-AbCdEf';
const env = { CURSOR_SECRET_ARN: ARN, AWS_REGION: 'eu-west-3' };
const hexKey = (digit: string) => digit.repeat(64);

describe('Adapter: cursor secret (Powertools Parameters)', () => {
  const secrets = mockClient(SecretsManagerClient);
  const answer = (value: string) =>
    secrets.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: value });
  beforeEach(() => {
    secrets.reset();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('reads Secrets Manager once within its cache age, and picks up a rotated key after it', async () => {
    answer(hexKey('a'));
    const read = cursorSecretReader(env);
    expect(Buffer.from(await read()).toString('hex')).toBe(hexKey('a'));
    vi.setSystemTime(Date.now() + (CURSOR_SECRET_MAX_AGE_SECONDS - 1) * 1000);
    await read();
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);

    answer(hexKey('b'));
    vi.setSystemTime(Date.now() + 2000);
    expect(Buffer.from(await read()).toString('hex')).toBe(hexKey('b'));
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('refuses a secret shorter than 32 bytes', async () => {
    answer('abcd');
    await expect(cursorSecretReader(env)()).rejects.toThrow(/at least 32 random bytes/);
  });

  it('uses CURSOR_SECRET locally, without Secrets Manager', async () => {
    const key = await cursorSecretReader({ CURSOR_SECRET: hexKey('c') })();
    expect(key.byteLength).toBe(32);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });
});
