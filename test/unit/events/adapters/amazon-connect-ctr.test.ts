import { describe, expect, it } from 'vitest';
import { translateConnectCtr } from '../../../../events/adapters/amazon-connect-ctr.js';
import { ContactCompletedDetail } from '../../../../events/telephony.js';
import { placeContact } from '../../../../shared/domain/vendor/place-contact.js';
import { camel, exampleMapping, fixture, rekey } from './vendor-test-kit.js';

const INSTANCE = '7c1d9e2a-5b34-4f0e-9a61-0d2c8e4b7f15';
const translate = (record: unknown) => placeContact(translateConnectCtr(record), exampleMapping);

function detailOf(record: unknown) {
  const placed = translate(record);
  if (placed.kind !== 'contact') throw new Error(`expected a contact, got ${placed.kind}: ${JSON.stringify(placed)}`);
  // Every translated contact must pass the strict canonical schema unchanged.
  expect(ContactCompletedDetail.parse(placed.detail)).toEqual(placed.detail);
  return placed.detail;
}

describe('Adapter: Amazon Connect contact records (CTR)', () => {
  it('translates an inbound voice call handled by an agent, every field', () => {
    expect(detailOf(fixture('amazon-connect/ctr-voice-inbound-handled.json'))).toEqual({
      schemaVersion: 1,
      tenantId: 'acme-energy',
      centerId: 'lyon-1',
      occurredAt: '2026-11-02T08:21:40.000Z',
      contactId: '6a1f2b3c-4d5e-4f60-8a71-b2c3d4e5f601',
      channel: 'voice',
      direction: 'inbound',
      queue: 'billing',
      agentId: '5e0f3a9b-2c71-4d8e-b6a0-9f1e2d3c4042',
      customerRef: 'cust-7f3a9c',
      reason: 'invoice-question',
      language: 'fr-FR',
      initiatedAt: '2026-11-02T08:14:02.000Z',
      queuedAt: '2026-11-02T08:14:20.000Z',
      answeredAt: '2026-11-02T08:14:37.000Z',
      endedAt: '2026-11-02T08:21:40.000Z',
      talkSeconds: 356,
      holdSeconds: 20,
      afterContactWorkSeconds: 47,
      outcome: 'handled',
      transferred: false,
      recorded: true,
    });
  });

  it('translates a call abandoned in queue: queued, never connected to an agent', () => {
    expect(detailOf(fixture('amazon-connect/ctr-voice-abandoned-in-queue.json'))).toEqual({
      schemaVersion: 1,
      tenantId: 'acme-energy',
      centerId: 'lyon-1',
      occurredAt: '2026-11-02T09:02:11.000Z',
      contactId: '6a1f2b3c-4d5e-4f60-8a71-b2c3d4e5f602',
      channel: 'voice',
      direction: 'inbound',
      queue: 'billing',
      initiatedAt: '2026-11-02T09:00:05.000Z',
      queuedAt: '2026-11-02T09:00:20.000Z',
      endedAt: '2026-11-02T09:02:11.000Z',
      outcome: 'abandoned',
      recorded: false,
    });
  });

  it('places a chat on the queue route of another tenant and keeps its transcript as recorded', () => {
    expect(detailOf(fixture('amazon-connect/ctr-chat-handled.json'))).toEqual({
      schemaVersion: 1,
      tenantId: 'northwind-telecom',
      centerId: 'leeds-1',
      occurredAt: '2026-11-02T10:41:15.000Z',
      contactId: '6a1f2b3c-4d5e-4f60-8a71-b2c3d4e5f603',
      channel: 'chat',
      direction: 'inbound',
      queue: 'support',
      agentId: '5e0f3a9b-2c71-4d8e-b6a0-9f1e2d3c4017',
      reason: 'payment-plan',
      initiatedAt: '2026-11-02T10:30:00.000Z',
      queuedAt: '2026-11-02T10:30:04.000Z',
      answeredAt: '2026-11-02T10:30:48.000Z',
      endedAt: '2026-11-02T10:41:15.000Z',
      talkSeconds: 627,
      holdSeconds: 0,
      afterContactWorkSeconds: 30,
      outcome: 'handled',
      transferred: false,
      recorded: true,
    });
  });

  it('counts the inbound leg of a queued callback as callback-requested, and the callback as outbound', () => {
    expect(detailOf(fixture('amazon-connect/ctr-voice-callback-requested.json'))).toEqual({
      schemaVersion: 1,
      tenantId: 'acme-energy',
      centerId: 'lyon-1',
      occurredAt: '2026-11-02T11:37:00.000Z',
      contactId: '6a1f2b3c-4d5e-4f60-8a71-b2c3d4e5f604',
      channel: 'voice',
      direction: 'inbound',
      queue: 'billing',
      initiatedAt: '2026-11-02T11:35:00.000Z',
      queuedAt: '2026-11-02T11:35:00.000Z',
      endedAt: '2026-11-02T11:37:00.000Z',
      outcome: 'callback-requested',
      recorded: false,
    });
    expect(detailOf(fixture('amazon-connect/ctr-voice-callback-outbound.json'))).toEqual({
      schemaVersion: 1,
      tenantId: 'acme-energy',
      centerId: 'lyon-1',
      occurredAt: '2026-11-02T11:45:00.000Z',
      contactId: '6a1f2b3c-4d5e-4f60-8a71-b2c3d4e5f605',
      channel: 'voice',
      direction: 'outbound',
      queue: 'billing',
      agentId: '5e0f3a9b-2c71-4d8e-b6a0-9f1e2d3c4042',
      initiatedAt: '2026-11-02T11:37:00.000Z',
      queuedAt: '2026-11-02T11:38:39.000Z',
      answeredAt: '2026-11-02T11:40:25.000Z',
      endedAt: '2026-11-02T11:45:00.000Z',
      talkSeconds: 275,
      holdSeconds: 0,
      afterContactWorkSeconds: 15,
      outcome: 'handled',
      transferred: false,
      recorded: false,
    });
  });

  it('reads the same record whatever the key casing', () => {
    const record = fixture('amazon-connect/ctr-voice-inbound-handled.json');
    const expected = detailOf(record);
    expect(detailOf(rekey(record, camel))).toEqual(expected);
    expect(detailOf(rekey(record, (k) => k.toLowerCase()))).toEqual(expected);
    expect(detailOf(rekey(record, (k) => k.toUpperCase()))).toEqual(expected);
  });

  it('ignores unknown fields and nulls, and takes a bare agent username from older exports', () => {
    const record = {
      ...fixture('amazon-connect/ctr-voice-inbound-handled.json'),
      SomeFutureField: { nested: [1, 2, 3] },
      Campaign: { CampaignId: null },
      Recording: 'not an object',
    };
    expect(detailOf(record).recorded).toBe(true);
    // A bare username says who, not when: without ConnectedToAgentTimestamp the queued call was not answered.
    expect(detailOf({ ...record, Agent: 'agent-042' })).toMatchObject({ outcome: 'abandoned' });
    const connected = {
      ...record,
      Agent: { Username: 'agent-042', ConnectedToAgentTimestamp: '2026-11-02T08:14:37Z' },
    };
    expect(detailOf(connected)).toMatchObject({ agentId: 'agent-042', outcome: 'handled' });
  });

  it('never carries the customer phone number or unmapped attributes into the contact', () => {
    const placed = translate(fixture('amazon-connect/ctr-voice-inbound-handled.json'));
    expect(JSON.stringify(placed)).not.toContain('+33600000001');
    expect(JSON.stringify(placed)).not.toContain('greetingPlayed');
  });

  it('skips records that are not customer contacts, saying why', () => {
    expect(translate(fixture('amazon-connect/ctr-task.json'))).toEqual({
      kind: 'skip',
      reason: 'task contacts are back-office work items, not customer contacts',
    });
    expect(translate(fixture('amazon-connect/ctr-transfer-leg.json'))).toEqual({
      kind: 'skip',
      reason: 'TRANSFER contacts continue a contact counted under its initial contact id',
    });
    const ivrOnly = { ...fixture('amazon-connect/ctr-voice-abandoned-in-queue.json'), Queue: null };
    expect(translate(ivrOnly)).toMatchObject({
      kind: 'skip',
      reason: expect.stringContaining('never reached a queue'),
    });
  });

  it('rejects unusable records with a reason that names the field', () => {
    const good = fixture('amazon-connect/ctr-voice-inbound-handled.json');
    const reasonOf = (record: unknown) => {
      const placed = translate(record);
      return placed.kind === 'reject' ? placed.reason : `not rejected: ${placed.kind}`;
    };
    expect(reasonOf([1, 2])).toBe('a contact record must be a JSON object');
    expect(reasonOf({ ...good, ContactId: '' })).toBe('ContactId is missing');
    expect(reasonOf({ ...good, ContactId: 'x'.repeat(129) })).toBe('ContactId is longer than 128 characters');
    expect(reasonOf({ ...good, DisconnectTimestamp: 'yesterday' })).toBe(
      'DisconnectTimestamp is missing or not a date-time',
    );
    expect(reasonOf({ ...good, Channel: 'PIGEON' })).toBe('unknown Channel "PIGEON"');
    expect(reasonOf({ ...good, InitiationMethod: undefined })).toBe('InitiationMethod is missing');
    expect(reasonOf({ ...good, InstanceARN: null })).toBe('InstanceARN is missing, so the contact cannot be placed');
    expect(reasonOf({ ...good, InstanceARN: 'arn:aws:connect:eu-west-3:999999999999:instance/other' })).toBe(
      'unmapped contact: amazon-connect instance other (queue Facturation) is not in the vendor mapping',
    );
    // Answered before it was queued: the canonical schema refuses it, and the reason says which field.
    const inverted = { ...good, Queue: { ...good.Queue, EnqueueTimestamp: '2026-11-02T08:15:00Z' } };
    expect(reasonOf(inverted)).toBe('not a valid contact.completed: answeredAt: answeredAt is before queuedAt');
  });

  it('treats the epoch placeholder Connect uses for "not yet" as absent', () => {
    const record = fixture('amazon-connect/ctr-voice-abandoned-in-queue.json');
    record.Agent = { ConnectedToAgentTimestamp: '1970-01-01T00:00:00.001Z' };
    expect(detailOf(record).outcome).toBe('abandoned');
  });

  it('names the instance by id whether the record gives an ARN or not', () => {
    const record = { ...fixture('amazon-connect/ctr-voice-inbound-handled.json'), InstanceARN: INSTANCE };
    expect(detailOf(record).tenantId).toBe('acme-energy');
  });
});
