import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import {
  type CapturingBus,
  context,
  exampleMappingText,
  fixture,
  startCapturingBus,
  withContactId,
} from './vendor-harness.js';

const config = useStandInEnvironment();
const db = testDocumentClient();
const handled: EventBridgeEvent[] = fixture('amazon-connect/events-voice-inbound-handled.json');
const FIXTURE_CONTACT = 'c0ffee00-aaaa-4bbb-8ccc-000000000001';

let capture: CapturingBus;
let handler: (event: EventBridgeEvent, ctx: ReturnType<typeof context>) => Promise<string>;
let recordContact: (event: EventBridgeEvent, ctx: ReturnType<typeof context>) => Promise<unknown>;

beforeAll(async () => {
  ({ handler: recordContact } = await import('../../../functions/record-contact-completed/handler.js'));
  capture = await startCapturingBus((event) => recordContact(event, context('record-contact-completed')));
  // The environment a deployed translator reads, pointed at this run's stand-ins.
  process.env.EVENTS_ENDPOINT = capture.bus.url;
  process.env.EVENT_BUS_NAME = 'ccc-compliance';
  process.env.VENDOR_MAPPING = exampleMappingText;
  ({ handler } = await import('../../../functions/translate-connect-contact-event/handler.js'));
});

afterAll(async () => {
  await capture.bus.close();
});

const newContactId = () => crypto.randomUUID();
const publishedFor = (contactId: string) =>
  capture.published.filter((e) => (e.detail as { contactId?: string }).contactId === contactId);

describe('Function: translate-connect-contact-event', () => {
  it('publishes one contact.completed for a contact whose events arrive out of order and twice, and it is recorded', async () => {
    // Prepare: DISCONNECTED and QUEUED first, COMPLETED third, INITIATED after it; then COMPLETED and QUEUED again
    // (a producer retry gets a new EventBridge id)
    const contactId = newContactId();
    const [initiated, queued, connected, updated, disconnected, completed] = withContactId(
      handled,
      FIXTURE_CONTACT,
      contactId,
    );
    const deliveries: EventBridgeEvent[] = [
      ...[disconnected, queued, completed, initiated, connected, updated],
      { ...completed, id: crypto.randomUUID() },
      { ...queued, id: crypto.randomUUID() },
    ];

    // Act
    const outcomes: string[] = [];
    for (const event of deliveries) outcomes.push(await handler(event, context('translate-connect-contact-event')));
    await capture.bus.idle();

    // Assess: finished when COMPLETED came (it carries the contact's data so far); what came after changes nothing
    expect(outcomes).toEqual([
      'assembling',
      'assembling',
      'emitted',
      'duplicate',
      'duplicate',
      'ignored',
      'duplicate',
      'duplicate',
    ]);
    const published = publishedFor(contactId);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      source: 'ccc.telephony',
      'detail-type': 'contact.completed',
      time: '2026-11-02T08:21:40Z',
      detail: {
        tenantId: 'acme-energy',
        centerId: 'lyon-1',
        contactId,
        queue: 'billing',
        outcome: 'handled',
        talkSeconds: 403,
        holdSeconds: 20,
        afterContactWorkSeconds: 47,
      },
    });
    const stored = await db.send(
      new GetCommand({
        TableName: config.tableName,
        Key: { pk: `T#acme-energy#CONTACT#${contactId}`, sk: 'CONTACT' },
      }),
    );
    expect(stored.Item).toMatchObject({ contactId, outcome: 'handled', queue: 'billing' });
  });

  it('publishes once when every event, and COMPLETED three times, arrive at the same moment', async () => {
    const contactId = newContactId();
    const events = withContactId(handled, FIXTURE_CONTACT, contactId);
    const completed = events[5];
    const burst: EventBridgeEvent[] = [...events, { ...completed, id: 'again-1' }, { ...completed, id: 'again-2' }];

    const outcomes = await Promise.all(burst.map((e) => handler(e, context('translate-connect-contact-event'))));
    await capture.bus.idle();

    // Concurrent COMPLETED deliveries may each see a complete contact; only one wins the claim and publishes.
    expect(outcomes.filter((o) => o === 'emitted')).toHaveLength(1);
    expect(publishedFor(contactId)).toHaveLength(1);
  });

  it('dead-letters a contact of an instance the mapping does not know, with the reason, and publishes nothing', async () => {
    const contactId = newContactId();
    const events = withContactId(handled, FIXTURE_CONTACT, contactId).map((e) =>
      JSON.parse(JSON.stringify(e).replaceAll('7c1d9e2a-5b34-4f0e-9a61-0d2c8e4b7f15', 'not-mapped-instance')),
    );

    const outcomes: string[] = [];
    for (const event of events) outcomes.push(await handler(event, context('translate-connect-contact-event')));
    const replay = await handler(events[5], context('translate-connect-contact-event'));
    await capture.bus.idle();

    expect(outcomes.at(-1)).toBe('dead-lettered');
    expect(replay).toBe('duplicate');
    expect(publishedFor(contactId)).toHaveLength(0);
    const letters = await db.send(
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'T#_unknown#DEADLETTER' },
      }),
    );
    const letter = letters.Items?.find((l) => l.event?.assembly?.key?.contactId === contactId);
    expect(letter?.reason).toBe(
      'unmapped contact: amazon-connect instance not-mapped-instance (queue a1b2c3d4-0001-4000-8000-000000000001) ' +
        'is not in the vendor mapping',
    );
    expect(letter?.source).toBe('aws.connect');
  });

  it('dead-letters an event it cannot read, with the reason', async () => {
    const broken = { ...handled[0], id: crypto.randomUUID(), detail: { eventType: 'INITIATED', channel: 'VOICE' } };
    expect(await handler(broken as EventBridgeEvent, context('translate-connect-contact-event'))).toBe('dead-lettered');
    const letters = await db.send(
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'T#_unknown#DEADLETTER' },
      }),
    );
    expect(letters.Items?.find((l) => l.id === broken.id)?.reason).toBe('contactId is missing');
  });
});
