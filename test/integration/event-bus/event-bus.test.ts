import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import {
  type BusTarget,
  type DeadLetter,
  type LocalEventBus,
  startLocalEventBus,
} from '../../../infra/local/event-bus/index.js';

const BUS = 'ccc-compliance';
const contactDetail = JSON.stringify({ schemaVersion: 1, tenantId: 'acme-energy', centerId: 'lyon', contactId: 'c-1' });
const contactEntry = {
  Source: 'ccc.telephony',
  DetailType: 'contact.completed',
  Detail: contactDetail,
  EventBusName: BUS,
};

describe('Local event bus: the EventBridge API through the AWS SDK', () => {
  let dir: string;
  let deadLetterFile: string;
  let bus: LocalEventBus;
  let client: EventBridgeClient;
  let contacts: EventBridgeEvent[];
  let complaints: EventBridgeEvent[];
  let audits: EventBridgeEvent[];
  let auditTargetBroken: boolean;

  const targets = (): BusTarget[] => [
    {
      ruleName: 'ContactCompletedToRecordContact',
      targetName: 'record-contact-completed',
      eventPattern: { source: ['ccc.telephony'], 'detail-type': ['contact.completed'] },
      invoke: async (event) => void contacts.push(event),
    },
    {
      ruleName: 'ComplaintsToTrackComplaint',
      targetName: 'track-complaint',
      eventPattern: { source: ['ccc.complaints'] },
      invoke: async (event) => void complaints.push(event),
    },
    {
      ruleName: 'AuditCompletedToRecordAudit',
      targetName: 'record-audit',
      eventPattern: { source: ['ccc.quality'], detail: { tenantId: [{ prefix: 'acme' }] } },
      invoke: async (event) => {
        if (auditTargetBroken) throw new Error('audit table unavailable');
        audits.push(event);
      },
    },
  ];

  const start = () =>
    startLocalEventBus({
      port: 0,
      busName: BUS,
      region: 'eu-west-1',
      targets: targets(),
      deadLetterFile,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
    });

  const admin = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${bus.url}${path}`, init);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const rawAws = (target: string, body: string) =>
    fetch(bus.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
      body,
    });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bus-it-'));
    deadLetterFile = join(dir, 'events', 'dead-letters.jsonl');
    contacts = [];
    complaints = [];
    audits = [];
    auditTargetBroken = false;
    bus = await start();
    client = new EventBridgeClient({
      endpoint: bus.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
  });

  afterEach(async () => {
    client.destroy();
    await bus.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('routes an event to the matching target only, in the envelope EventBridge builds', async () => {
    // Act
    const result = await client.send(
      new PutEventsCommand({
        Entries: [{ ...contactEntry, Time: new Date('2025-03-01T10:00:00Z'), Resources: ['arn:aws:connect:x'] }],
      }),
    );
    await bus.idle();

    // Assess
    expect(result.FailedEntryCount).toBe(0);
    expect(complaints).toEqual([]);
    expect(contacts).toEqual([
      {
        version: '0',
        id: result.Entries?.[0]?.EventId,
        'detail-type': 'contact.completed',
        source: 'ccc.telephony',
        account: '000000000000',
        time: '2025-03-01T10:00:00Z',
        region: 'eu-west-1',
        resources: ['arn:aws:connect:x'],
        detail: JSON.parse(contactDetail),
      },
    ]);
    expect(contacts[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts the bus ARN as EventBusName, and accepts but does not route an event for another bus', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          { ...contactEntry, EventBusName: `arn:aws:events:eu-west-1:000000000000:event-bus/${BUS}` },
          { ...contactEntry, EventBusName: undefined },
          { ...contactEntry, EventBusName: 'some-other-bus' },
        ],
      }),
    );
    await bus.idle();

    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries?.every((entry) => entry.EventId !== undefined)).toBe(true);
    expect(contacts).toHaveLength(1);
    expect(bus.stats()).toMatchObject({ received: 3, delivered: 1, unmatched: 2 });
  });

  it('answers each invalid entry in Entries, at its index, and still delivers the valid ones', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          { DetailType: 'contact.completed', Detail: contactDetail },
          { Source: 'ccc.telephony', Detail: contactDetail },
          { Source: 'ccc.telephony', DetailType: 'contact.completed' },
          { ...contactEntry, Detail: '[1, 2]' },
          { ...contactEntry, Detail: '{"unterminated": ' },
          contactEntry,
        ],
      }),
    );
    await bus.idle();

    expect(result.FailedEntryCount).toBe(5);
    expect(result.Entries).toEqual([
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
      },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
      },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
      },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { EventId: expect.any(String) },
    ]);
    expect(contacts).toHaveLength(1);
  });

  it('rejects more than 10 entries, or more than 256 KB of entries, as a ValidationException', async () => {
    const eleven = Array.from({ length: 11 }, () => contactEntry);
    await expect(client.send(new PutEventsCommand({ Entries: eleven }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/length less than or equal to 10/),
    });

    const huge = { ...contactEntry, Detail: JSON.stringify({ blob: 'x'.repeat(256 * 1024) }) };
    await expect(client.send(new PutEventsCommand({ Entries: [huge] }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });

    await bus.idle();
    expect(contacts).toEqual([]);
  });

  it('answers TestEventPattern with the same matcher, and rejects an invalid pattern', async () => {
    const event = JSON.stringify({
      id: '1',
      account: '000000000000',
      source: 'ccc.telephony',
      time: '2025-03-01T10:00:00Z',
      region: 'eu-west-1',
      resources: [],
      'detail-type': 'contact.completed',
      detail: { channel: 'voice', talkSeconds: 42 },
    });
    const test = (pattern: unknown) =>
      client.send(new TestEventPatternCommand({ Event: event, EventPattern: JSON.stringify(pattern) }));

    await expect(test({ detail: { talkSeconds: [{ numeric: ['>', 30] }] } })).resolves.toMatchObject({ Result: true });
    await expect(test({ detail: { channel: [{ 'anything-but': 'voice' }] } })).resolves.toMatchObject({
      Result: false,
    });
    await expect(test({ source: 'ccc.telephony' })).rejects.toMatchObject({
      name: 'InvalidEventPatternException',
      message: 'Event pattern is not valid. Reason: "source" must be an object or an array at source',
    });
    await expect(
      client.send(new TestEventPatternCommand({ Event: '{"source": "x"}', EventPattern: '{"source": ["x"]}' })),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/Parameter Event/) });
  });

  it('dead-letters an event its target keeps failing on, and the admin redrive delivers it once fixed', async () => {
    auditTargetBroken = true;
    const audit = { Source: 'ccc.quality', DetailType: 'audit.completed', EventBusName: BUS };
    await client.send(new PutEventsCommand({ Entries: [{ ...audit, Detail: '{"tenantId": "acme-energy"}' }] }));
    await bus.idle();

    const { body: listed } = await admin('/dead-letters');
    const deadLetters = listed.deadLetters as DeadLetter[];
    expect(deadLetters).toMatchObject([
      {
        ruleName: 'AuditCompletedToRecordAudit',
        targetName: 'record-audit',
        error: 'audit table unavailable',
        attempts: 2,
        event: { source: 'ccc.quality', detail: { tenantId: 'acme-energy' } },
      },
    ]);
    expect(bus.stats()).toMatchObject({ retried: 1, deadLettered: 1, delivered: 0 });

    auditTargetBroken = false;
    const redrive = await admin('/dead-letters/redrive', { method: 'POST', body: '{}' });
    await bus.idle();

    expect(redrive).toEqual({ status: 200, body: { redriven: 1 } });
    expect(audits.map((event) => event.id)).toEqual([deadLetters[0]?.event.id]);
    expect((await admin('/dead-letters')).body).toEqual({ deadLetters: [] });
  });

  it('keeps dead letters across a restart, and redrives the chosen ones on the new bus', async () => {
    auditTargetBroken = true;
    const audit = { Source: 'ccc.quality', DetailType: 'audit.completed', Detail: '{"tenantId": "acme-a"}' };
    await client.send(new PutEventsCommand({ Entries: [{ ...audit, EventBusName: BUS }] }));
    await bus.idle();
    await bus.close();

    auditTargetBroken = false;
    bus = await start();
    const [deadLetter] = await bus.deadLetters.list();
    expect(deadLetter?.event.detail).toEqual({ tenantId: 'acme-a' });

    const redrive = await admin('/dead-letters/redrive', {
      method: 'POST',
      body: JSON.stringify({ ids: [deadLetter?.id] }),
    });
    await bus.idle();

    expect(redrive.body).toEqual({ redriven: 1 });
    expect(audits).toHaveLength(1);
    await expect(bus.deadLetters.list()).resolves.toEqual([]);
  });

  it('answers protocol errors in the AWS shape and keeps serving', async () => {
    const unknown = await rawAws('AWSEvents.PutRule', '{}');
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });

    const malformed = await rawAws('AWSEvents.PutEvents', '{"Entries": [');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ __type: 'SerializationException' });

    const wrongType = await rawAws('AWSEvents.PutEvents', '{"Entries": "not a list"}');
    expect(await wrongType.json()).toMatchObject({ __type: 'SerializationException' });

    const result = await client.send(new PutEventsCommand({ Entries: [contactEntry] }));
    expect(result.FailedEntryCount).toBe(0);
  });

  it('publishes its counters on GET /stats', async () => {
    await client.send(new PutEventsCommand({ Entries: [contactEntry, { ...contactEntry, Source: 'ccc.nobody' }] }));
    await bus.idle();

    expect((await admin('/stats')).body).toEqual({
      received: 2,
      delivered: 1,
      retried: 0,
      deadLettered: 0,
      unmatched: 1,
    });
  });
});
