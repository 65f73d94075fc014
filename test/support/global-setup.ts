process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/stand-ins/dynamodb-local.js';
import { freePort } from '../../infra/local/stand-ins/free-port.js';
import { startLocalS3 } from '../../infra/local/stand-ins/s3.js';
import { startLocalSes } from '../../infra/local/stand-ins/ses.js';
import { ensureTable } from '../../infra/local/stand-ins/table-setup.js';
import { TEST_LEDGER_ANCHOR_BUCKET, TEST_RECORDINGS_BUCKET, TEST_REPORTS_BUCKET } from './test-buckets.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    s3Endpoint: string;
    sesEndpoint: string;
    tableName: string;
  }
}

export const TEST_TABLE = 'ccc-compliance-test';

/** Starts the real stand-ins once per integration run (DynamoDB Local, s3rver, SES v2) and stops them after. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'ccc-it-'));
  const [ddbPort, s3Port, sesPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const [dynamodb, s3, ses] = await Promise.all([
    startDynamoDbLocal({ port: ddbPort }),
    startLocalS3({
      port: s3Port,
      dataDir: join(dir, 's3'),
      buckets: [TEST_RECORDINGS_BUCKET, TEST_REPORTS_BUCKET, TEST_LEDGER_ANCHOR_BUCKET],
    }),
    startLocalSes({ port: sesPort }),
  ]);
  const client = new DynamoDBClient({
    endpoint: dynamodb.endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(client, TEST_TABLE);
  client.destroy();

  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
  project.provide('tableName', TEST_TABLE);

  return async () => {
    await Promise.allSettled([dynamodb.stop(), s3.stop(), ses.stop()]);
    rmSync(dir, { recursive: true, force: true });
  };
}
