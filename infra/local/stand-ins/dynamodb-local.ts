import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { privateFolder } from './private-folder.js';
import {
  type RestartPolicy,
  type SupervisedRun,
  type Supervisor,
  type SupervisorLogger,
  supervise,
} from './supervisor.js';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The Java process serving now (it changes when a supervised process is restarted). */
  pid(): number | undefined;
  /** Present when started with `supervise`. */
  supervisor?: Supervisor;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  port: number;
  host?: string;
  /** Keep data in this folder; in memory when absent. */
  dataDir?: string;
  readyTimeoutMs?: number;
  /** Restart the Java process on the same port and folder when it dies, saying so to `logger`. */
  supervise?: { logger: SupervisorLogger; policy?: RestartPolicy };
}

export class StandInStartError extends Error {
  override name = 'StandInStartError';
}

/** The DynamoDB Local jar shipped in amplify-dynamodb-simulator, run on the machine's Java. */
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

/** Spawns the jar and resolves once it answers, or rejects (with its stderr) after stopping it again. */
async function startJava(options: DynamoDbLocalOptions, host: string): Promise<SupervisedRun> {
  const folder = jarFolder();
  const storage = options.dataDir === undefined ? ['-inMemory'] : ['-dbPath', options.dataDir];
  if (options.dataDir !== undefined) privateFolder(options.dataDir);
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
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // `spawn` reports a missing `java` as an 'error' event, then no 'exit'.
  const failedToSpawn = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('error', (error) => {
      stderr += error.message;
      resolve({ code: -1, signal: null });
    }),
  );
  const ended = Promise.race([exited, failedToSpawn]);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await ended;
    clearTimeout(timer);
  };
  try {
    await waitUntilReady(`http://${host}:${options.port}`, child, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    throw new StandInStartError(`${(error as Error).message}${stderr ? `: ${stderr.trim()}` : ''}`);
  }
  return { pid: child.pid, exited: ended, stop };
}

/**
 * Starts DynamoDB Local as a child process. `-sharedDb` makes every access key and region see the same tables,
 * so the SDK, the CLI and the tests agree. With `supervise`, a process that dies is restarted
 * on the same port and data folder (see `supervise` in `./supervisor.ts`).
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const host = options.host ?? '127.0.0.1';
  const first = await startJava(options, host);
  const endpoint = `http://${host}:${options.port}`;
  if (options.supervise === undefined) {
    return { endpoint, port: options.port, pid: () => first.pid, stop: first.stop };
  }
  const supervisor = supervise(
    'DynamoDB Local',
    first,
    () => startJava(options, host),
    options.supervise.logger,
    options.supervise.policy,
  );
  return { endpoint, port: options.port, pid: supervisor.pid, supervisor, stop: supervisor.stop };
}
