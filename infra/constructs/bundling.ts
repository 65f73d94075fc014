import { dirname } from 'node:path';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import type { FunctionDefinition } from '../../functions/catalog.js';
import { REPORT_ASSET_FILES } from '../../shared/adapters/report-assets.js';

/** Lets esbuild's ESM output load the CommonJS dependencies that still call `require`. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * How every function is bundled, decided once (the CDK construct and `npm run bench` both read it):
 *
 * - The pinned AWS SDK v3 clients of package-lock.json are bundled (`bundleAwsSDK`), not left to the copy the
 *   Lambda runtime ships: what the tests ran against is what runs in production, a runtime update cannot change a
 *   client under a compliance record, and esbuild keeps only the commands the handlers import.
 * - ESM for Node.js 22, the `module` entry of each package first (the SDK's ES build, which tree-shakes).
 * - Minified, with a source map for `--enable-source-maps` (stack traces name file and line) but without the
 *   sources in it, which would only make the map bigger and each cold start slower.
 *
 * The bundle sizes and cold-start times this gives are measured by `npm run bench` (test/bench/bundles.ts).
 */
export const LAMBDA_BUNDLING: Readonly<BundlingOptions> = {
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  bundleAwsSDK: true,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
};

/**
 * A function that renders monthly reports (`reports: 'monthly'`) reads three package files at run time: resvg's
 * WebAssembly module and two DejaVu fonts (shared/adapters/report-assets.ts). Their code is bundled like any other;
 * the files themselves are copied from the installed packages into the bundle's own `node_modules`, where the same
 * package paths resolve: the exact bytes the tests rendered with, no install step and no network at synthesis, and
 * 4 MB instead of the packages' 15.
 */
export function lambdaBundling(definition: Pick<FunctionDefinition, 'reports'>): BundlingOptions {
  if (definition.reports !== 'monthly') return LAMBDA_BUNDLING;
  return {
    ...LAMBDA_BUNDLING,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) =>
        REPORT_ASSET_FILES.map((file) => {
          const to = `${outputDir}/node_modules/${dirname(file)}`;
          return `mkdir -p "${to}" && cp "${inputDir}/node_modules/${file}" "${to}/"`;
        }),
    },
  };
}

/**
 * The esbuild options the CDK derives from {@link LAMBDA_BUNDLING} (aws-lambda-nodejs builds the same arguments
 * for its `esbuild --bundle` command line), for building a bundle outside a synthesis. `outfile` is the caller's.
 */
export function lambdaEsbuildOptions(entry: string, outfile: string): BuildOptions {
  const bundling = LAMBDA_BUNDLING;
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: bundling.format === OutputFormat.ESM ? 'esm' : 'cjs',
    ...(bundling.target && { target: bundling.target }),
    ...(bundling.mainFields && { mainFields: [...bundling.mainFields] }),
    ...(bundling.banner && { banner: { js: bundling.banner } }),
    // As aws-lambda-nodejs decides: externalModules if given, else nothing with bundleAwsSDK, else the runtime's SDK.
    external: [...(bundling.externalModules ?? (bundling.bundleAwsSDK ? [] : ['@aws-sdk/*']))],
    minify: bundling.minify ?? false,
    sourcemap: bundling.sourceMap ?? false,
    sourcesContent: bundling.sourcesContent ?? true,
    logLevel: 'warning',
  };
}
