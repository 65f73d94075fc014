import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import type { RuntimeConfig } from '../../shared/runtime/config.js';
import { TEST_LEDGER_ANCHOR_BUCKET, TEST_RECORDINGS_BUCKET, TEST_REPORTS_BUCKET } from './test-buckets.js';

/** The runtime configuration that points the product's own code at the stand-ins of this test run. */
export function standInConfig(): RuntimeConfig {
  return {
    tableName: inject('tableName'),
    eventBusName: 'ccc-compliance',
    region: 'eu-west-3',
    endpoints: { dynamodb: inject('dynamodbEndpoint'), s3: inject('s3Endpoint'), ses: inject('sesEndpoint') },
  };
}

/** Sets the environment a handler module reads, before that module is imported. */
export function useStandInEnvironment(): RuntimeConfig {
  const config = standInConfig();
  process.env.TABLE_NAME = config.tableName;
  process.env.DYNAMODB_ENDPOINT = config.endpoints.dynamodb;
  process.env.S3_ENDPOINT = config.endpoints.s3;
  process.env.SES_ENDPOINT = config.endpoints.ses;
  process.env.AWS_REGION = config.region;
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.CURSOR_SECRET ??= randomBytes(32).toString('hex');
  // Every recording function reads these at cold start; the bucket is made by the global setup. A test that needs
  // its own bucket or sources sets them before calling this.
  process.env.RECORDINGS_BUCKET ??= TEST_RECORDINGS_BUCKET;
  process.env.RECORDINGS_KMS_KEY_ID ??= 'alias/ccc-test-data';
  process.env.RECORDING_SOURCES ??= 'http://127.0.0.1';
  process.env.REPORTS_BUCKET ??= TEST_REPORTS_BUCKET;
  process.env.LEDGER_ANCHOR_BUCKET ??= TEST_LEDGER_ANCHOR_BUCKET;
  return config;
}

export function testDocumentClient() {
  return createDocumentClient(standInConfig());
}
