import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeSystemPorts } from '../../../infra/local/stand-ins/free-port.js';
import { expectDocumentedResponse, routeTemplateOf } from '../../support/openapi-responses.js';

export interface RunningSystem {
  env: Record<string, string>;
  dataDir: string;
  urls: { api: string; events: string; dynamodb: string; s3: string; ses: string };
  output: () => string;
  child: ChildProcess;
  /** Sends the signal (to the whole process group for SIGINT, as a terminal's Ctrl-C does) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function allocateEnvironment(dataDir = mkdtempSync(join(tmpdir(), 'ccc-e2e-'))) {
  const { http, events, dynamodb, s3, ses } = await freeSystemPorts();
  return {
    dataDir,
    env: {
      PORT: String(http),
      EVENTS_PORT: String(events),
      DYNAMODB_PORT: String(dynamodb),
      S3_PORT: String(s3),
      SES_PORT: String(ses),
      LOCAL_DATA_DIR: dataDir,
    },
  };
}

/** Starts `npm start` exactly as a user would (same entry point), on free ports and a data folder of its own. */
export async function startSystem(
  environment: { dataDir: string; env: Record<string, string> },
  args: string[] = ['--no-demo'],
  readyTimeoutMs = 90_000,
): Promise<RunningSystem> {
  const { env, dataDir } = environment;
  const child = spawn('npm', ['start', '--silent', '--', ...args], {
    env: { ...process.env, ...env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + readyTimeoutMs;
  while (!/Ready in/.test(output)) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    if (Date.now() > deadline) {
      process.kill(-child.pid!, 'SIGKILL');
      throw new Error(`npm start not ready in ${readyTimeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const h = (p: string) => `http://127.0.0.1:${env[p]}`;
  return {
    env,
    dataDir,
    child,
    output: () => output,
    urls: {
      api: h('PORT'),
      events: h('EVENTS_PORT'),
      dynamodb: h('DYNAMODB_PORT'),
      s3: h('S3_PORT'),
      ses: h('SES_PORT'),
    },
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      // npm forwards SIGTERM to the node process; Ctrl-C reaches the whole foreground process group.
      if (child.exitCode === null) {
        // SIGKILL cannot be forwarded: sent to npm alone it would orphan the script (and DynamoDB Local, which its
        // supervisor would then restart), so it goes to the whole process group, as Ctrl-C's SIGINT does.
        if (signal === 'SIGINT' || signal === 'SIGKILL') process.kill(-child.pid!, signal);
        else child.kill(signal);
      }
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 20_000);
      const result = await exited;
      clearTimeout(timer);
      // npm may exit before its script has finished stopping: wait for the script's last word.
      const deadline = Date.now() + 20_000;
      while (signal !== 'SIGKILL' && !/\nstopped\n/.test(output) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      return result;
    },
  };
}

/** Java processes still serving DynamoDB Local on a port (what a leak would leave behind). */
export function javaProcessesOnPort(port: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', `DynamoDBLocal.jar.*-port ${port}`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * Fetches from the running API and checks the answer (status, content type, JSON body) against the OpenAPI document
 * the API serves, so an end-to-end test also proves the document describes what it received.
 */
export async function fetchDocumented(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  // biome-ignore lint/suspicious/noExplicitAny: tests read the JSON answers they assert on
  const body: any = /json/.test(contentType) && text !== '' ? JSON.parse(text) : undefined;
  const method = (init.method ?? 'GET').toUpperCase();
  const path = new URL(url).pathname;
  const route = routeTemplateOf(method, path) ?? path;
  expectDocumentedResponse({ method, route, status: response.status, contentType, body });
  return { status: response.status, headers: response.headers, body, text };
}
