import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Environment } from 'aws-cdk-lib';
import { Manifest, VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cloud-assembly-schema';
import { expect } from 'vitest';
import { PROJECT_ROOT } from '../../../infra/config.js';
import { type ComplianceApp, createComplianceApp } from '../../../infra/stacks/compliance-app.js';

/** The context `cdk synth` runs with (cdk.json), so that tests see the same templates. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: object };
  return { ...cdkJson.context };
}

export interface TestAppOptions {
  /** Extra context, as `-c key=value` would give. */
  context?: Record<string, unknown>;
  /** cdk-nag at synthesis (default false: stack tests assert contents; the nag test turns it on). */
  checks?: boolean;
  /** Run esbuild (default false: templates are the same, only asset hashes differ). */
  bundling?: boolean;
  /** Default {@link TEST_ENV}. */
  env?: Environment;
}

/**
 * How long a test file's one synthesis may take: esbuild bundles (one per catalog entry, 21 with the recording
 * functions) and cdk-nag make it tens of seconds, and a busy machine (the whole suite in parallel) several times that
 * (150 s measured for the cdk-nag test's synthesis at a load of 11 on 2 cores); vitest's default hook timeout of 10 s
 * is too short.
 */
export const SYNTH_TIMEOUT_MS = 300_000;

/** A fixed environment, so that templates do not depend on the machine running the tests. */
export const TEST_ENV = { account: '111122223333', region: 'eu-west-3' };

/** The app as `cdk synth` builds it, with the cdk.json context. */
export function testApp(options: TestAppOptions = {}): ComplianceApp {
  return createComplianceApp({
    checks: options.checks ?? false,
    env: options.env ?? TEST_ENV,
    context: {
      ...cdkJsonContext(),
      ...(options.bundling ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
}

/** Reads the validation report CDK writes into the cloud assembly after running the validation plugins. */
export function readValidationReport(assemblyDirectory: string) {
  return Manifest.loadValidationReport(join(assemblyDirectory, VALIDATION_REPORT_FILE));
}

/**
 * The queue properties of a queue encrypted with its stack's customer-managed operations key
 * (`infra/constructs/operations-key.ts`), for `toMatchObject`.
 */
export const ENCRYPTED_WITH_OPERATIONS_KEY = {
  KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^OperationsKey[0-9A-F]{8}$/), 'Arn'] },
} as const;
