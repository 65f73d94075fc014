/**
 * Builds the dashboard bundle (Vite, web/vite.config.ts) into web/dist when its sources changed since the last build,
 * for `npm start` and `cdk synth`, which both serve what is in web/dist. The sources' hash is kept beside the bundle,
 * so an unchanged tree costs one read of the sources, not a build. `npm run build:web` builds unconditionally.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of this file: web/. */
export const WEB_ROOT = fileURLToPath(new URL('.', import.meta.url));
/** The built bundle, served under `/app/`. */
export const WEB_DIST = join(WEB_ROOT, 'dist');
const HASH_FILE = '.source-hash';
const SOURCES = ['index.html', 'vite.config.ts', 'tsconfig.json', 'src', 'public', 'runtime-config.ts'];

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

/** A hash of everything the bundle is made of: the web sources and the locked dependency versions. */
export function webSourceHash(): string {
  const hash = createHash('sha256');
  const inputs = [...SOURCES.flatMap((name) => files(join(WEB_ROOT, name))), join(WEB_ROOT, '..', 'package-lock.json')];
  for (const file of inputs) {
    hash.update(relative(WEB_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Whether web/dist holds the bundle of the current sources. */
export function webBuildIsCurrent(): boolean {
  const path = join(WEB_DIST, HASH_FILE);
  return existsSync(path) && readFileSync(path, 'utf8').trim() === webSourceHash();
}

/**
 * Builds into a fresh folder and then swaps it in, so a server reading web/dist never sees half a bundle.
 * @returns the time the build took, in milliseconds.
 */
export function buildWebSync(): number {
  const started = Date.now();
  const staging = `${WEB_DIST}.${process.pid}.tmp`;
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const hash = webSourceHash();
  execFileSync(
    process.execPath,
    [
      vite,
      'build',
      '--config',
      join(WEB_ROOT, 'vite.config.ts'),
      '--outDir',
      staging,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: WEB_ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  writeFileSync(join(staging, HASH_FILE), `${hash}\n`);
  const retired = `${WEB_DIST}.${process.pid}.old`;
  if (existsSync(WEB_DIST)) renameSync(WEB_DIST, retired);
  renameSync(staging, WEB_DIST);
  rmSync(retired, { recursive: true, force: true });
  return Date.now() - started;
}

/** Builds only when the sources changed. @returns whether it built. */
export function ensureWebBuildSync(): boolean {
  if (webBuildIsCurrent()) return false;
  buildWebSync();
  return true;
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  const ms = buildWebSync();
  process.stdout.write(
    `built the dashboard into ${relative(process.cwd(), WEB_DIST)} in ${(ms / 1000).toFixed(1)} s\n`,
  );
}
