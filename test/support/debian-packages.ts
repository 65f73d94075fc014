/**
 * The Debian programs the "as a person would" tests drive: Chromium (through playwright-core, never a browser
 * build downloaded by Playwright) and pdftoppm (poppler-utils). A test setup installs them itself when they are
 * missing and it runs as root, as CI does; otherwise it says what to install.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Program → the Debian package that brings it. */
const PACKAGES = {
  chromium: 'chromium',
  pdftoppm: 'poppler-utils',
} as const;

export type DebianProgram = keyof typeof PACKAGES;

function which(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = `${dir}/${program}`;
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The path of each program, installing the missing ones with apt-get first (one update, one install).
 * @throws when one is missing and this process cannot install it
 */
export function ensureDebianPrograms(programs: readonly DebianProgram[]): Record<DebianProgram, string> {
  const missing = programs.filter((program) => which(program) === undefined);
  if (missing.length > 0) {
    const packages = missing.map((program) => PACKAGES[program]);
    if (process.getuid?.() !== 0) {
      throw new Error(`missing ${missing.join(', ')}: run \`sudo apt-get install -y ${packages.join(' ')}\``);
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
      stdio: 'ignore',
      env,
    });
  }
  const paths = {} as Record<DebianProgram, string>;
  for (const program of programs) {
    const path = which(program);
    if (path === undefined) throw new Error(`${program} is still missing after installing ${PACKAGES[program]}`);
    paths[program] = path;
  }
  return paths;
}
