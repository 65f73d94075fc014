import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../../infra/local/stand-ins/dynamodb-local.js';
import { freePort } from '../../../infra/local/stand-ins/free-port.js';
import { type LocalS3, startLocalS3 } from '../../../infra/local/stand-ins/s3.js';

const anyCredentials = { accessKeyId: 'anything', secretAccessKey: 'whatever' };
const mode = (path: string) => statSync(path).mode & 0o777;

describe('DynamoDB Local, supervised', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccc-supervised-'));
  const dataDir = join(dir, 'dynamodb');
  const lines: Array<{ message: string; attributes?: object }> = [];
  const logger = {
    warn: (message: string, attributes?: object) => void lines.push({ message, attributes }),
    error: (message: string, attributes?: object) => void lines.push({ message, attributes }),
  };
  let dynamodb: DynamoDbLocal;
  let client: DynamoDBClient;

  beforeAll(async () => {
    dynamodb = await startDynamoDbLocal({ port: await freePort(), dataDir, supervise: { logger } });
    client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'eu-west-3', credentials: anyCredentials });
  });
  afterAll(async () => {
    client?.destroy();
    await dynamodb?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its data folder to its owner', () => {
    expect(mode(dataDir)).toBe(0o700);
  });

  it('comes back on the same endpoint with its data after its Java process is killed with SIGKILL', async () => {
    // Prepare
    await client.send(
      new CreateTableCommand({
        TableName: 'survives',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    await client.send(new PutItemCommand({ TableName: 'survives', Item: { pk: { S: 'contact-1' } } }));
    const pid = dynamodb.pid();
    expect(pid).toBeTypeOf('number');

    // Act
    process.kill(pid!, 'SIGKILL');
    const deadline = Date.now() + 30_000;
    while (!lines.some((l) => l.message === 'DynamoDB Local restarted') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));

    // Assess
    expect(lines.map((l) => l.message)).toEqual(['DynamoDB Local died; restarting it', 'DynamoDB Local restarted']);
    expect(lines[0]?.attributes).toMatchObject({ pid, signal: 'SIGKILL' });
    expect(dynamodb.pid()).not.toBe(pid);
    const item = await client.send(new GetItemCommand({ TableName: 'survives', Key: { pk: { S: 'contact-1' } } }));
    expect(item.Item).toEqual({ pk: { S: 'contact-1' } });
  });
});

describe('s3rver stand-in', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccc-s3-'));
  const dataDir = join(dir, 's3');
  let s3: LocalS3;

  beforeAll(async () => {
    s3 = await startLocalS3({ port: await freePort(), dataDir, buckets: ['ccc-reports'] });
  });
  afterAll(async () => {
    await s3?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes any credentials, as the other stand-ins do', async () => {
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'eu-west-3',
      forcePathStyle: true,
      credentials: anyCredentials,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    await client.send(new PutObjectCommand({ Bucket: 'ccc-reports', Key: 'r/1.txt', Body: 'monthly report' }));
    const object = await client.send(new GetObjectCommand({ Bucket: 'ccc-reports', Key: 'r/1.txt' }));
    expect(await object.Body?.transformToString()).toBe('monthly report');
    client.destroy();
  });

  it('keeps its data folder to its owner', () => {
    expect(mode(dataDir)).toBe(0o700);
  });
});
