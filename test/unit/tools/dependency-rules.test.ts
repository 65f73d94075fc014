/**
 * The dependency rule of .dependency-cruiser.cjs, as CI applies it: depcruise runs with that same config on a small
 * tree shaped like the repository (test/fixtures/dependency-rules), in which every file named `allowed-*` imports only
 * what its layer may and every other file breaks exactly one rule. A wrong import must fail with the rule's name;
 * an allowed one must not be reported.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = fileURLToPath(new URL('../../fixtures/dependency-rules/', import.meta.url));
const depcruise = `${root}node_modules/dependency-cruiser/bin/dependency-cruise.mjs`;

interface Outcome {
  code: number;
  output: string;
}

/** Runs the CLI as `npm run depcruise` does (same config), in the fixture tree; depcruise exits with the error count. */
async function cruiseFixture(): Promise<Outcome> {
  const args = [depcruise, 'shared', 'events', 'infra', 'functions', 'tools', 'other'];
  args.push('--config', `${root}.dependency-cruiser.cjs`, '--output-type', 'err');
  try {
    const { stdout, stderr } = await run(process.execPath, args, {
      cwd: fixture,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** `error <rule>: <from> → <to>` lines of the err reporter, with the resolved npm file cut to its package. */
function violations(output: string): string[] {
  const lines = [...output.matchAll(/^\s*error ([\w-]+): (\S+) → ?(\S*)/gm)];
  return lines
    .map(
      ([, rule, from, to]) =>
        `${rule}: ${from} → ${(to ?? '').replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1')}`,
    )
    .sort();
}

describe('dependency rules (.dependency-cruiser.cjs)', () => {
  it('fails a wrong import with the name of the rule it breaks, and lets allowed imports pass', async () => {
    const { code, output } = await cruiseFixture();

    expect(violations(output)).toEqual(
      [
        'app-depends-on-ports: shared/app/store-in-app.ts → shared/store/allowed-repository.ts',
        'domain-is-pure: shared/domain/aws-in-domain.ts → @aws-sdk/client-s3',
        'events-imports-only-zod: events/domain-in-events.ts → shared/domain/allowed-pure.ts',
        'http-and-runtime-above-app: shared/http/store-in-edge.ts → shared/store/allowed-repository.ts',
        'no-circular: shared/domain/cycle-a.ts → ',
        'nothing-imports-functions-but-infra: other/functions-in-other.ts → functions/routes.ts',
        'nothing-imports-infra: tools/infra-in-tools.ts → infra/allowed-stack.ts',
        'store-and-adapters-implement-ports: shared/adapters/store-in-adapter.ts → shared/store/allowed-repository.ts',
      ].sort(),
    );
    // The cycle is printed over the following lines; it closes on the module it started from.
    expect(output).toMatch(/cycle-a\.ts → \s+shared\/domain\/cycle-b\.ts →\s+shared\/domain\/cycle-a\.ts/);
    // CI fails: depcruise exits with the number of errors.
    expect(code).toBe(8);
  }, 20_000);
});
