/**
 * The package files the report's rendering reads at run time: resvg's WebAssembly module and the DejaVu Sans fonts
 * (accents and any name, in the charts and the PDF). They are found here and nowhere else, from the installed
 * packages, so the Lambda bundle ships `@resvg/resvg-wasm` and `dejavu-fonts-ttf` as node modules and these paths
 * resolve there as they do in the repository. Each file is read once per process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Each asset's file, as a package path (the Lambda bundle ships these files under its own node_modules). */
const ASSETS = {
  resvgWasm: '@resvg/resvg-wasm/index_bg.wasm',
  sans: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  sansBold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
} as const;

export type ReportAsset = keyof typeof ASSETS;

/** Where an asset is, resolved on first use (not at import: a bundle that never renders never needs them). */
export function reportAssetPath(name: ReportAsset): string {
  return require.resolve(ASSETS[name]);
}

/** The package files the Lambda bundle of a function that renders reports must carry (infra/constructs/bundling.ts). */
export const REPORT_ASSET_FILES: readonly string[] = [
  ...Object.values(ASSETS),
  '@resvg/resvg-wasm/package.json',
  'dejavu-fonts-ttf/package.json',
];

const loaded = new Map<ReportAsset, Buffer>();

/** The bytes of one asset, read on first use. */
export function reportAsset(name: ReportAsset): Buffer {
  let bytes = loaded.get(name);
  if (!bytes) {
    bytes = readFileSync(reportAssetPath(name));
    loaded.set(name, bytes);
  }
  return bytes;
}
