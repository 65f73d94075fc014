/**
 * What a bench run on its own (`node --import tsx test/bench/<bench>.ts`) stands on: a DynamoDB Local of its own in
 * a temporary folder, on a free port, with the product's table, stopped and removed afterwards whatever happens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../../infra/local/stand-ins/dynamodb-local.js';
import { freePort } from '../../infra/local/stand-ins/free-port.js';
import { ensureTable } from '../../infra/local/stand-ins/table-setup.js';

/** The configuration the benches' use cases read: the table and DynamoDB Local's endpoint. */
export interface StandaloneConfig {
  tableName: string;
  eventBusName: string;
  region: string;
  endpoints: { dynamodb: string };
}

/** Runs `work` against a fresh table `tableName` in a DynamoDB Local started for it. */
export async function withStandaloneTable<T>(
  tableName: string,
  work: (config: StandaloneConfig) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `${tableName}-`));
  const dynamodb = await startDynamoDbLocal({ port: await freePort(), dataDir: dir });
  try {
    const region = 'eu-west-3';
    const client = new DynamoDBClient({
      endpoint: dynamodb.endpoint,
      region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTable(client, tableName);
    client.destroy();
    return await work({
      tableName,
      eventBusName: 'ccc-compliance',
      region,
      endpoints: { dynamodb: dynamodb.endpoint },
    });
  } finally {
    await dynamodb.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
