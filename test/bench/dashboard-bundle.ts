/**
 * The dashboard's weight as a browser downloads it: each file of web/dist with its size raw and gzipped (level 9, as
 * CloudFront's compression is close to it), split into what the first page needs (index.html, the entry script and
 * the stylesheet) and what loads later (the chart library, on the first chart).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWebSync, WEB_DIST } from '../../web/build.js';

export interface DashboardBundleFile {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly initial: boolean;
}

export interface DashboardBundle {
  readonly buildMs: number;
  readonly files: DashboardBundleFile[];
  readonly initialGzipBytes: number;
  readonly totalGzipBytes: number;
}

export function benchDashboardBundle(): DashboardBundle {
  const buildMs = buildWebSync();
  const index = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const linked = new Set([...index.matchAll(/(?:src|href)="\/app\/(assets\/[^"]+)"/g)].map((match) => match[1]));
  const files: DashboardBundleFile[] = [
    'index.html',
    ...readdirSync(join(WEB_DIST, 'assets'))
      .filter((name) => !name.endsWith('.map'))
      .map((name) => `assets/${name}`),
  ].map((file) => {
    const content = readFileSync(join(WEB_DIST, file));
    return {
      file,
      bytes: content.byteLength,
      gzipBytes: gzipSync(content, { level: 9 }).byteLength,
      initial: file === 'index.html' || linked.has(file),
    };
  });
  const sum = (list: DashboardBundleFile[]) => list.reduce((total, file) => total + file.gzipBytes, 0);
  return { buildMs, files, initialGzipBytes: sum(files.filter((f) => f.initial)), totalGzipBytes: sum(files) };
}

export function formatDashboardBundle(bundle: DashboardBundle): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return [
    `dashboard bundle (built in ${(bundle.buildMs / 1000).toFixed(1)} s): first page ${kb(bundle.initialGzipBytes)} gzip, all ${kb(bundle.totalGzipBytes)} gzip`,
    ...bundle.files.map(
      (f) =>
        `  ${f.file.padEnd(40)} ${kb(f.bytes).padStart(10)} ${kb(f.gzipBytes).padStart(10)} gzip${f.initial ? '  (first page)' : ''}`,
    ),
  ].join('\n');
}

const invokedDirectly = process.argv[1]?.endsWith('dashboard-bundle.ts') === true;
if (invokedDirectly) console.log(formatDashboardBundle(benchDashboardBundle()));
