import { defineConfig } from 'vitest/config';

/**
 * Four projects that mirror the tree. Integration and e2e tests start the stand-ins they need
 * (test/support/global-setup.ts) and stop them at the end. s3rver needs the legacy OpenSSL provider for paging; it
 * runs in vitest's own process (the global setup), so `npm test` sets NODE_OPTIONS for it, and the forks get execArgv.
 */
const shared = {
  pool: 'forks' as const,
  execArgv: ['--openssl-legacy-provider'],
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
};

export default defineConfig({
  test: {
    // Vitest's default in a run is one worker fewer than the cores: one on this 2-core machine, so every file waited
    // for the one before it while most of them wait on DynamoDB Local, s3rver or a child process. Two workers
    // took the suite from 610 s to 412 s here, with the e2e files still one at a time (fileParallelism below).
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      { test: { ...shared, name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          ...shared,
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      { test: { ...shared, name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000 } },
      {
        test: {
          ...shared,
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
