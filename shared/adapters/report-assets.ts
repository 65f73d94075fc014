/**
 * The package files the report's rendering reads at run time: resvg's WebAssembly module and the DejaVu Sans fonts
 * (accents and any name, in the charts and the PDF). They are found here and nowhere else, from the installed
 * packages, so the Lambda bundle ships `@resvg/resvg-wasm` and `dejavu-fonts-ttf` as node modules and these paths
 * resolve there as they do in the repository. Each file is read once per process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const REPORT_ASSET_PATHS = {
  resvgWasm: require.resolve('@resvg/resvg-wasm/index_bg.wasm'),
  sans: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  sansBold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
} as const;

export type ReportAsset = keyof typeof REPORT_ASSET_PATHS;

const loaded = new Map<ReportAsset, Buffer>();

/** The bytes of one asset, read on first use. */
export function reportAsset(name: ReportAsset): Buffer {
  let bytes = loaded.get(name);
  if (!bytes) {
    bytes = readFileSync(REPORT_ASSET_PATHS[name]);
    loaded.set(name, bytes);
  }
  return bytes;
}
