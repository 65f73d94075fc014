import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allocateEnvironment,
  fetchDocumented,
  javaProcessesOnPort,
  type RunningSystem,
  startSystem,
} from './support/running-system.js';

const credentials = { accessKeyId: 'anything', secretAccessKey: 'anything' };
const sample = JSON.parse(readFileSync('events/samples/contact.completed.json', 'utf8'));
const tenantId = `e2e-${crypto.randomUUID().slice(0, 8)}`;

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('npm start: a contact.completed through the running system', () => {
  let environment: Awaited<ReturnType<typeof allocateEnvironment>>;
  let system: RunningSystem;
  let db: DynamoDBDocumentClient;
  let bus: EventBridgeClient;

  beforeAll(async () => {
    environment = await allocateEnvironment();
    system = await startSystem(environment);
    db = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: system.urls.dynamodb, region: 'eu-west-3', credentials }),
    );
    bus = new EventBridgeClient({ endpoint: system.urls.events, region: 'eu-west-3', credentials });
  });

  afterAll(async () => {
    await system?.stop('SIGKILL').catch(() => undefined);
  });

  const put = (detail: unknown) =>
    bus.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'ccc-compliance',
            Source: 'ccc.telephony',
            DetailType: 'contact.completed',
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );
  const contactsOfDay = async () =>
    (
      await db.send(
        new QueryCommand({
          TableName: 'ccc-compliance',
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': `T#${tenantId}#CONTACTS#2026-11-02` },
        }),
      )
    ).Items ?? [];

  it('answers /health and prints its endpoints and a token per role', async () => {
    const health = await fetchDocumented(`${system.urls.api}/health`);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', dependencies: { dynamodb: { status: 'up' } } });
    for (const role of ['compliance-officer', 'client-manager', 'auditor', 'dpo', 'recording-reviewer', 'admin']) {
      expect(system.output()).toContain(role);
    }
    expect(system.output()).toContain(system.urls.events);
  });

  it('stores a contact sent with PutEvents once, even when sent twice', async () => {
    const detail = { ...sample, tenantId };
    const first = await put(detail);
    expect(first.FailedEntryCount).toBe(0);
    await eventually(async () => ((await contactsOfDay()).length === 1 ? true : undefined));

    await put(detail);
    await new Promise((r) => setTimeout(r, 1500));
    const items = await contactsOfDay();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ contactId: sample.contactId, queue: 'billing', outcome: 'handled' });
  });

  it('keeps an invalid contact as a dead letter with the reason', async () => {
    const { outcome: _dropped, ...invalid } = { ...sample, tenantId, contactId: 'missing-outcome' };
    expect((await put(invalid)).FailedEntryCount).toBe(0);
    const letter = await eventually(async () => {
      const out = await db.send(
        new QueryCommand({
          TableName: 'ccc-compliance',
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `T#${tenantId}#DEADLETTER` },
        }),
      );
      return out.Items?.[0];
    });
    expect(letter.reason).toBe('detail failed schema validation');
    expect(letter.issues).toEqual([expect.objectContaining({ path: 'outcome' })]);
  });

  it('stops on SIGTERM without leaving DynamoDB Local behind, and keeps the data across a restart', async () => {
    await system.stop('SIGTERM');
    expect(system.output()).toMatch(/SIGTERM: stopping[\s\S]*stopped/);
    expect(javaProcessesOnPort(environment.env.DYNAMODB_PORT!)).toEqual([]);

    system = await startSystem(environment);
    db = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: system.urls.dynamodb, region: 'eu-west-3', credentials }),
    );
    const kept = await db.send(
      new GetCommand({
        TableName: 'ccc-compliance',
        Key: { pk: `T#${tenantId}#CONTACT#${sample.contactId}`, sk: 'CONTACT' },
      }),
    );
    expect(kept.Item?.contactId).toBe(sample.contactId);
    expect(system.output()).not.toContain('Loading the demo');

    await system.stop('SIGINT');
    expect(system.output()).toMatch(/SIGINT: stopping[\s\S]*stopped/);
    expect(javaProcessesOnPort(environment.env.DYNAMODB_PORT!)).toEqual([]);
  });
});
