import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  port: number;
  host?: string;
  /** Keep data in this folder; in memory when absent. */
  dataDir?: string;
  readyTimeoutMs?: number;
}

export class StandInStartError extends Error {
  override name = 'StandInStartError';
}

/** The DynamoDB Local jar shipped in amplify-dynamodb-simulator (STAND-INS.md §1), run on the machine's Java. */
function jarFolder(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

async function waitUntilReady(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new StandInStartError(`DynamoDB Local exited with code ${child.exitCode}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new StandInStartError(`DynamoDB Local not ready after ${timeoutMs} ms`);
  } finally {
    client.destroy();
  }
}

/**
 * Starts DynamoDB Local as a child process. `-sharedDb` makes every access key and region see the same tables
 * (STAND-INS.md §1), so the SDK, the CLI and the tests agree.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const host = options.host ?? '127.0.0.1';
  const folder = jarFolder();
  const storage = options.dataDir === undefined ? ['-inMemory'] : ['-dbPath', options.dataDir];
  if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
  const args = [
    '-Xmx512m',
    `-Djava.library.path=${join(folder, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(folder, 'DynamoDBLocal.jar'),
    ...storage,
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(options.port),
  ];
  // In memory it still writes a metadata file into its working folder: keep that out of the project.
  const child = spawn('java', args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: options.dataDir ?? tmpdir() });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const endpoint = `http://${host}:${options.port}`;
  try {
    await waitUntilReady(endpoint, child, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    throw new StandInStartError(`${(error as Error).message}${stderr ? `: ${stderr.trim()}` : ''}`);
  }
  return { endpoint, port: options.port, stop };
}
