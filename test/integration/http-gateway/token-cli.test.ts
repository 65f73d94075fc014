import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateSigningKey, verifyToken } from '../../../infra/local/jwt-keys.js';

// Runs the CLI as a user does, in a child process, against a temporary data folder.

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../../..');
let dataDir: string;

async function tokenCli(args: string[]) {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'infra/local/token.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, LOCAL_DATA_DIR: dataDir },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'token-cli-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('CLI: npm run token', () => {
  it('prints only a token that verifies with the key it created', async () => {
    const result = await tokenCli(['--role', 'auditor', '--tenant', 'acme,globex', '--subject', 'audit-firm-1']);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const key = await loadOrCreateSigningKey(join(dataDir, 'keys'));
    const claims = await verifyToken(result.stdout.trim(), key.publicKey, {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
    });
    expect(claims).toMatchObject({
      sub: 'audit-firm-1',
      'cognito:groups': ['auditor'],
      'custom:tenants': 'acme,globex',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(12 * 3600);
  }, 30_000);

  it('reuses the same key on the next run and honours --ttl', async () => {
    const key = await loadOrCreateSigningKey(join(dataDir, 'keys'));
    const result = await tokenCli(['--role', 'dpo', '--tenant', 'acme', '--tenant', 'globex', '--ttl', '600']);

    expect(result.code).toBe(0);
    const claims = await verifyToken(result.stdout.trim(), key.publicKey, {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
    });
    expect(claims).toMatchObject({ sub: 'local-dpo', 'custom:tenants': 'acme,globex' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(600);
  }, 30_000);

  it.each([
    [['--role', 'superuser', '--tenant', 'acme'], /unknown role "superuser"/],
    [['--tenant', 'acme'], /--role is required/],
    [['--role', 'auditor'], /--tenant is required/],
    [['--role', 'auditor', '--tenant', 'acme,../etc'], /invalid tenant id "\.\.\/etc"/],
    [['--role', 'auditor', '--tenant', 'acme', '--ttl', '0'], /--ttl must be/],
    [['--role', 'auditor', '--tenant', 'acme', '--ttl', '1h'], /--ttl must be/],
    [['--role', 'auditor', '--tenant', 'acme', '--bogus'], /Unknown option/],
  ])(
    'exits 2 with a clear message for %j',
    async (args, message) => {
      const result = await tokenCli(args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain('usage:');
    },
    30_000,
  );

  it('works through npm run -s, as the contract shows', async () => {
    const { stdout } = await run('npm', ['run', '-s', 'token', '--', '--role', 'client-manager', '--tenant', 'acme'], {
      cwd: repoRoot,
      env: { ...process.env, LOCAL_DATA_DIR: dataDir },
    });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  }, 30_000);
});
