import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionCatalog } from '../../functions/catalog.js';
import { PROJECT_ROOT } from '../../infra/config.js';
import { ESM_REQUIRE_BANNER, LAMBDA_BUNDLING, lambdaEsbuildOptions } from '../../infra/constructs/bundling.js';
import { ComplianceFunction } from '../../infra/constructs/compliance-function.js';
import { coldImportMs } from '../bench/bundles.js';
import { SYNTH_TIMEOUT_MS, TEST_ENV } from './support/app.js';

/** A function whose use case talks to DynamoDB, so its bundle shows where the SDK comes from. */
const definition = functionCatalog.find((fn) => fn.name === 'record-contact-completed')!;
const pinnedVersion = (pkg: string) =>
  (JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string })
    .version;

describe('Bundling: the pinned SDK, minified ESM for Node 22', () => {
  let outdir: string;
  let code: string;
  let sourceMap: { sources: string[]; sourcesContent?: unknown };
  let bundle: string;
  /** Every module the bundle imports or requires at run time (parsed by esbuild, not searched for in strings). */
  let imports: string[];

  beforeAll(async () => {
    // Prepare: one function of the catalog built by the construct, as `cdk synth` builds it (esbuild, offline).
    outdir = mkdtempSync(join(tmpdir(), 'ccc-bundling-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Bundling', { env: TEST_ENV });
    new ComplianceFunction(stack, 'Fn', {
      definition,
      table: new TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } }),
      bus: new EventBus(stack, 'Bus'),
      logRetention: RetentionDays.ONE_WEEK,
      logLevel: 'ERROR',
      asynchronous: true,
    });
    // Act
    app.synth();
    const asset = readdirSync(outdir).find((entry) => existsSync(join(outdir, entry, 'index.mjs')));
    if (!asset) throw new Error(`no bundle in ${outdir}`);
    bundle = join(outdir, asset, 'index.mjs');
    code = readFileSync(bundle, 'utf8');
    sourceMap = JSON.parse(readFileSync(`${bundle}.map`, 'utf8'));
    const { metafile } = await build({
      entryPoints: [bundle],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    imports = Object.values(metafile.inputs).flatMap((input) => input.imports.map((entry) => entry.path));
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("carries the SDK clients of package-lock.json instead of importing the Lambda runtime's", () => {
    expect(imports.filter((path) => /^@(?:aws-sdk|smithy)\//.test(path))).toEqual([]);
    expect(imports.length).toBeGreaterThan(0);
    // The client's user agent names its version: the one the tests ran against.
    expect(code).toContain(`"${pinnedVersion('@aws-sdk/client-dynamodb')}"`);
    expect(sourceMap.sources.some((source) => source.includes('node_modules/@aws-sdk/client-dynamodb/'))).toBe(true);
  });

  it('is minified ESM with the require banner, and its source map carries no sources', () => {
    expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    expect(code).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
    const lines = code.split('\n');
    expect(code.length / lines.length).toBeGreaterThan(500);
    expect(sourceMap.sourcesContent ?? []).toEqual([]);
  });

  it('is built for Node 22 with nothing left external, the same options the bench measures', () => {
    expect(LAMBDA_BUNDLING).toMatchObject({ format: OutputFormat.ESM, target: 'node22', minify: true });
    expect(LAMBDA_BUNDLING.externalModules ?? []).toEqual([]);
    expect(lambdaEsbuildOptions('handler.ts', 'index.mjs')).toMatchObject({
      format: 'esm',
      target: 'node22',
      minify: true,
      external: [],
      sourcemap: true,
      sourcesContent: false,
    });
  });

  it('loads in Node and exports its handler without reaching AWS', () => {
    expect(() => coldImportMs(bundle, { sourceMaps: true })).not.toThrow();
  });
});
