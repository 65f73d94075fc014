import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { TENANT_ID_PATTERN } from '../../shared/http/principal.js';
import { isRole, ROLES, type Role } from '../../shared/http/roles.js';
import { DEFAULT_TOKEN_TTL_SECONDS, issueToken, loadOrCreateSigningKey } from './jwt-keys.js';
import { localDataDir } from './local-defaults.js';

const USAGE = `usage: npm run -s token -- --role <role> --tenant <id>[,<id>...] [--subject <sub>] [--ttl <seconds>]

Prints a bearer token for the local API on stdout, nothing else:
  TOKEN=$(npm run -s token -- --role compliance-officer --tenant acme,globex)
  curl -H "authorization: Bearer $TOKEN" http://127.0.0.1:3000/v1/tenants/acme/kpis

  --role      one of: ${ROLES.join(', ')}
  --tenant    tenant id(s) the token may see, comma-separated or repeated
  --subject   the token's "sub" (default: local-<role>)
  --ttl       lifetime in seconds (default: ${DEFAULT_TOKEN_TTL_SECONDS}, i.e. 12 h)

The signing key lives in $LOCAL_DATA_DIR/keys (default .local/keys) and is created on first use.`;

const MAX_TTL_SECONDS = 366 * 24 * 60 * 60;
const SUBJECT_PATTERN = /^[A-Za-z0-9_.@:-]{1,128}$/;

/** Exit codes: 0 printed a token, 1 could not (key files), 2 the command line is wrong. */
export type TokenCliExitCode = 0 | 1 | 2;

/** Where the CLI writes; injectable so it can be tested without a child process. */
export interface TokenCliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** A command-line mistake, reported with the usage text and exit code 2. */
export class TokenUsageError extends Error {
  override readonly name = 'TokenUsageError';
}

/** A validated token request. */
export interface TokenRequest {
  readonly role: Role;
  readonly tenants: string[];
  readonly subject: string;
  readonly ttlSeconds: number;
}

/**
 * `npm run token` (README.md): validates the arguments, loads or creates the local signing key and prints
 * only the token, so `TOKEN=$(npm run -s token -- ...)` captures it. Errors go to stderr.
 */
export async function runTokenCli(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: TokenCliIo,
): Promise<TokenCliExitCode> {
  let request: TokenRequest | 'help';
  try {
    request = parseTokenArgs(args);
  } catch (error) {
    if (!(error instanceof TokenUsageError)) throw error;
    io.stderr(`error: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (request === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  try {
    const key = await loadOrCreateSigningKey(join(localDataDir(env), 'keys'));
    const { role, tenants, subject, ttlSeconds } = request;
    io.stdout(`${await issueToken({ key, subject, roles: [role], tenants, ttlSeconds })}\n`);
    return 0;
  } catch (error) {
    io.stderr(`error: could not issue a token: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** Parses and validates the command line; `'help'` for `--help`. @throws {TokenUsageError} */
export function parseTokenArgs(args: readonly string[]): TokenRequest | 'help' {
  let values: { role?: string; tenant?: string[]; subject?: string; ttl?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        role: { type: 'string' },
        tenant: { type: 'string', multiple: true },
        subject: { type: 'string' },
        ttl: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new TokenUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  const role = values.role;
  if (role === undefined) throw new TokenUsageError('--role is required');
  if (!isRole(role)) throw new TokenUsageError(`unknown role "${role}"; expected one of: ${ROLES.join(', ')}`);
  const tenants = [
    ...new Set(
      (values.tenant ?? [])
        .flatMap((list) => list.split(','))
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    ),
  ];
  if (tenants.length === 0) throw new TokenUsageError('--tenant is required');
  const badTenant = tenants.find((id) => !TENANT_ID_PATTERN.test(id));
  if (badTenant !== undefined) {
    throw new TokenUsageError(`invalid tenant id "${badTenant}"; expected ${TENANT_ID_PATTERN.source}`);
  }
  const subject = values.subject ?? `local-${role}`;
  if (!SUBJECT_PATTERN.test(subject)) throw new TokenUsageError(`invalid subject "${subject}"`);
  return { role, tenants, subject, ttlSeconds: parseTtl(values.ttl) };
}

function parseTtl(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TOKEN_TTL_SECONDS;
  const ttl = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) {
    throw new TokenUsageError(`--ttl must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS}`);
  }
  return ttl;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const code = await runTokenCli(process.argv.slice(2), process.env, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
  process.exitCode = code;
}
