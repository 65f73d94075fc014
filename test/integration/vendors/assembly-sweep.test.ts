import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../../infra/local/stand-ins/table-setup.js';
import type { EventPublisher, OutgoingEvent } from '../../../shared/adapters/event-publisher.js';
import { VendorContactAssembler } from '../../../shared/app/assemble-vendor-contact.js';
import { VENDOR_EVENT_ADAPTERS } from '../../../shared/compose/vendor-assembler.js';
import { VendorMapping } from '../../../shared/domain/vendor/vendor-mapping.js';
import { DynamoDeadLetterRepository } from '../../../shared/store/dead-letter-repository.js';
import { assemblyKeys, DynamoAssemblyRepository } from '../../../shared/store/vendor-assembly-repository.js';
import { standInConfig, testDocumentClient } from '../../support/stand-ins.js';
import { exampleMappingText, fixture, withContactId } from './vendor-harness.js';

// The sweep reads every due assembly of its table: a table of its own keeps other test files' assemblies out.
const table = `ccc-sweep-${crypto.randomUUID().slice(0, 8)}`;
const db = testDocumentClient();
const mapping = VendorMapping.parse(JSON.parse(exampleMappingText));
const [connect] = VENDOR_EVENT_ADAPTERS;
const HOUR = 3_600_000;

function assemblerAt(clock: { now: Date }, published: OutgoingEvent[], publisher?: EventPublisher) {
  return new VendorContactAssembler({
    adapters: VENDOR_EVENT_ADAPTERS,
    store: new DynamoAssemblyRepository(db, table),
    publisher: publisher ?? { publish: async (events) => void published.push(...events) },
    deadLetters: new DynamoDeadLetterRepository(db, table),
    mapping,
    now: () => clock.now,
    graceSeconds: 6 * 3600,
  });
}

beforeAll(async () => {
  const config = standInConfig();
  const client = new DynamoDBClient({
    endpoint: config.endpoints.dynamodb,
    region: config.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(client, table);
  client.destroy();
});

describe('Vendor assemblies: contacts whose last event never comes', () => {
  it('finishes an ended contact at its deadline, reports one that never ended, and leaves the others alone', async () => {
    // Prepare: a chat that disconnected but whose COMPLETED never came; a call stuck after QUEUED; a fresh call
    const clock = { now: new Date('2026-11-02T10:45:00Z') };
    const published: OutgoingEvent[] = [];
    const assembler = assemblerAt(clock, published);
    const chatId = crypto.randomUUID();
    const stuckId = crypto.randomUUID();
    const freshId = crypto.randomUUID();
    const chat = withContactId(
      fixture('amazon-connect/events-messaging-without-completed.json'),
      'c0ffee00-aaaa-4bbb-8ccc-000000000003',
      chatId,
    );
    const call = fixture('amazon-connect/events-voice-abandoned-in-queue.json');
    const stuck = withContactId(call.slice(0, 2), 'c0ffee00-aaaa-4bbb-8ccc-000000000002', stuckId);
    for (const event of [...chat, ...stuck]) expect(await assembler.accept(connect, event)).toBe('assembling');
    clock.now = new Date(clock.now.getTime() + 5 * HOUR);
    const fresh = withContactId(call.slice(0, 1), 'c0ffee00-aaaa-4bbb-8ccc-000000000002', freshId);
    expect(await assembler.accept(connect, fresh[0])).toBe('assembling');

    // Act: a sweep before the deadline, then one just after the first two are due
    const early = await assembler.sweep();
    clock.now = new Date(clock.now.getTime() + 1.5 * HOUR);
    const due = await assembler.sweep();
    const again = await assembler.sweep();

    // Assess
    expect(early.examined).toBe(0);
    expect(due).toEqual({ examined: 2, emitted: 1, skipped: 0, deadLettered: 0, expired: 1, failed: 0 });
    expect(again.examined).toBe(0);
    expect(published.map((e) => e.detail.contactId)).toEqual([chatId]);
    expect(published[0]?.detail).toMatchObject({ channel: 'messaging', outcome: 'handled', queue: 'support' });
    expect(published[0]?.detail).not.toHaveProperty('afterContactWorkSeconds');
    const letters = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'T#_unknown#DEADLETTER' },
      }),
    );
    const letter = letters.Items?.find((l) => l.event?.assembly?.key?.contactId === stuckId);
    expect(letter?.reason).toBe(
      'contact never completed: no end event arrived before its deadline (facts seen: INITIATED, QUEUED)',
    );
    const freshItem = await db.send(
      new GetCommand({
        TableName: table,
        Key: assemblyKeys.item({
          vendor: 'amazon-connect',
          instance: '7c1d9e2a-5b34-4f0e-9a61-0d2c8e4b7f15',
          contactId: freshId,
        }),
      }),
    );
    expect(freshItem.Item?.closedAs).toBeUndefined();
    expect(freshItem.Item?.pk).toMatch(/^T#_vendor#ASSEMBLY#amazon-connect#/);
  });

  it('keeps a finished contact open when publishing fails, so the next event or sweep publishes it', async () => {
    const clock = { now: new Date('2026-11-02T09:00:00Z') };
    const published: OutgoingEvent[] = [];
    let busDown = true;
    const flaky: EventPublisher = {
      publish: async (events) => {
        if (busDown) throw new Error('bus unreachable');
        published.push(...events);
      },
    };
    const assembler = assemblerAt(clock, published, flaky);
    const contactId = crypto.randomUUID();
    const events = withContactId(
      fixture('amazon-connect/events-voice-abandoned-in-queue.json'),
      'c0ffee00-aaaa-4bbb-8ccc-000000000002',
      contactId,
    );
    for (const event of events.slice(0, 3)) await assembler.accept(connect, event);

    await expect(assembler.accept(connect, events[3])).rejects.toThrow('bus unreachable');
    busDown = false;
    // Lambda redelivers the failed event: the fact is already there, the contact is finished this time.
    expect(await assembler.accept(connect, events[3])).toBe('emitted');
    expect(await assembler.accept(connect, events[3])).toBe('duplicate');
    expect(published.map((e) => e.detail.contactId)).toEqual([contactId]);
  });
});
