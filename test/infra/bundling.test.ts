import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionCatalog } from '../../functions/catalog.js';
import { PROJECT_ROOT } from '../../infra/config.js';
import { ESM_REQUIRE_BANNER, LAMBDA_BUNDLING, lambdaEsbuildOptions } from '../../infra/constructs/bundling.js';
import { ComplianceFunction } from '../../infra/constructs/compliance-function.js';
import { REPORT_ASSET_FILES } from '../../shared/adapters/report-assets.js';
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

describe("Bundling a report renderer: resvg's WebAssembly and the fonts travel with the code", () => {
  let outdir: string;
  let asset: string;

  beforeAll(() => {
    // Prepare: the reports function built by the construct, as `cdk synth` builds it.
    outdir = mkdtempSync(join(tmpdir(), 'ccc-bundling-reports-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'ReportBundling', { env: TEST_ENV });
    new ComplianceFunction(stack, 'Fn', {
      definition: functionCatalog.find((fn) => fn.name === 'reports')!,
      table: new TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } }),
      bus: new EventBus(stack, 'Bus'),
      logRetention: RetentionDays.ONE_WEEK,
      logLevel: 'ERROR',
      asynchronous: false,
      ledgerAnchorBucket: new Bucket(stack, 'Anchors'),
    });
    app.synth();
    const found = readdirSync(outdir).find((entry) => existsSync(join(outdir, entry, 'index.mjs')));
    if (!found) throw new Error(`no bundle in ${outdir}`);
    asset = join(outdir, found);
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('carries the exact files the renderer reads, and renders a report from a bundle laid out like it', async () => {
    for (const file of REPORT_ASSET_FILES) {
      expect(readFileSync(join(asset, 'node_modules', file))).toEqual(
        readFileSync(join(PROJECT_ROOT, 'node_modules', file)),
      );
    }
    // Act: the renderer bundled with the same options, beside the asset's node_modules, run by plain node.
    const entry = join(outdir, 'render-entry.ts');
    writeFileSync(
      entry,
      [
        `import { VegaReportRenderer } from ${JSON.stringify(join(PROJECT_ROOT, 'shared/adapters/report-renderer.ts'))};`,
        `import { monthlyReportFigures } from ${JSON.stringify(join(PROJECT_ROOT, 'test/fixtures/report/monthly-report-figures.ts'))};`,
        'const r = await new VegaReportRenderer().render(monthlyReportFigures());',
        'console.log(JSON.stringify({ pdf: r.pdf.byteLength, charts: r.charts.map((c) => c.png.byteLength) }));',
      ].join('\n'),
    );
    // Without the source map, which only slows this build down.
    await build({ ...lambdaEsbuildOptions(entry, join(asset, 'render.mjs')), sourcemap: false, logLevel: 'silent' });
    const out = JSON.parse(execFileSync(process.execPath, [join(asset, 'render.mjs')], { encoding: 'utf8' }));

    // Assess
    expect(out.pdf).toBeGreaterThan(10_000);
    expect(out.charts).toHaveLength(3);
    for (const bytes of out.charts) expect(bytes).toBeGreaterThan(5_000);
  }, 60_000);
});
