import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey } from '../../../infra/local/jwt-keys.js';

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('Local data: the signing keys beside the bus data are for the owner only', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'local-modes-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('closes a keys folder and private key an older version left readable by others', async () => {
    const keys = join(dir, 'keys');
    await mkdir(keys, { mode: 0o755 });
    await chmod(keys, 0o755);
    await loadOrCreateSigningKey(keys);
    await chmod(keys, 0o755);
    const privateKey = join(keys, 'signing-key.private.jwk.json');
    await chmod(privateKey, 0o644);

    await loadOrCreateSigningKey(keys);

    expect(await modeOf(keys)).toBe(0o700);
    expect(await modeOf(privateKey)).toBe(0o600);
  });
});
