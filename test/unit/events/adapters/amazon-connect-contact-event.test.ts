import { describe, expect, it } from 'vitest';
import {
  connectContactEventAdapter as adapter,
  parseConnectContactEvent,
} from '../../../../events/adapters/amazon-connect-contact-event.js';
import type { AssemblyState } from '../../../../events/adapters/vendor-assembly.js';
import { ContactCompletedDetail } from '../../../../events/telephony.js';
import { placeContact } from '../../../../shared/domain/vendor/place-contact.js';
import { assemble, assembleStepwise, exampleMapping, fixture, pascal, rekey, shuffled } from './vendor-test-kit.js';

const handled = fixture('amazon-connect/events-voice-inbound-handled.json');
const HANDLED_DETAIL = {
  schemaVersion: 1,
  tenantId: 'acme-energy',
  centerId: 'lyon-1',
  occurredAt: '2026-11-02T08:21:40.000Z',
  contactId: 'c0ffee00-aaaa-4bbb-8ccc-000000000001',
  channel: 'voice',
  direction: 'inbound',
  queue: 'billing',
  agentId: '5e0f3a9b-2c71-4d8e-b6a0-9f1e2d3c4042',
  reason: 'invoice-question',
  initiatedAt: '2026-11-02T08:14:02.000Z',
  queuedAt: '2026-11-02T08:14:20.000Z',
  answeredAt: '2026-11-02T08:14:37.000Z',
  endedAt: '2026-11-02T08:21:40.000Z',
  // Connected 08:14:37 → disconnected 08:21:40 is 423 s, less the 20 s the agent held the customer.
  talkSeconds: 403,
  holdSeconds: 20,
  afterContactWorkSeconds: 47,
  outcome: 'handled',
  transferred: false,
};

const typeOf = (event: { detail: { eventType: string } }) => event.detail.eventType;

describe('Adapter: Amazon Connect contact events', () => {
  it('assembles a handled inbound call into the exact canonical contact, which the strict schema accepts', () => {
    const placed = assemble(adapter, handled);
    expect(placed).toEqual({ kind: 'contact', detail: HANDLED_DETAIL });
    expect(ContactCompletedDetail.safeParse(HANDLED_DETAIL).success).toBe(true);
  });

  it.each([
    ['in order', handled],
    ['reversed', [...handled].reverse()],
    ['shuffled (seed 1)', shuffled(handled, 1)],
    ['shuffled (seed 7)', shuffled(handled, 7)],
    ['shuffled (seed 42)', shuffled(handled, 42)],
    ['every event twice, shuffled', shuffled([...handled, ...handled], 3)],
  ])('completes exactly when COMPLETED has arrived, %s, with the same result', (_order, events) => {
    const steps = assembleStepwise(adapter, events);
    const firstComplete = steps.findIndex((s) => s.kind !== 'incomplete');
    expect(typeOf(events[firstComplete])).toBe('COMPLETED');
    expect(steps.slice(0, firstComplete).every((s) => s.kind === 'incomplete')).toBe(true);
    expect(assemble(adapter, events)).toEqual({ kind: 'contact', detail: HANDLED_DETAIL });
  });

  it('reads the PascalCase spelling of the documented routing-criteria sample the same way', () => {
    const pascalEvents = handled.map((e: { detail: unknown }) => ({ ...e, detail: rekey(e.detail, pascal) }));
    expect(parseConnectContactEvent(pascalEvents[0])).toMatchObject({ kind: 'fact', factKey: 'INITIATED' });
    // The centre's own tag names are matched without regard to casing too (contactReason → ContactReason).
    expect(assemble(adapter, pascalEvents)).toEqual({ kind: 'contact', detail: HANDLED_DETAIL });
  });

  it('assembles a call abandoned in queue', () => {
    expect(assemble(adapter, shuffled(fixture('amazon-connect/events-voice-abandoned-in-queue.json'), 5))).toEqual({
      kind: 'contact',
      detail: {
        schemaVersion: 1,
        tenantId: 'acme-energy',
        centerId: 'lyon-1',
        occurredAt: '2026-11-02T09:02:11.000Z',
        contactId: 'c0ffee00-aaaa-4bbb-8ccc-000000000002',
        channel: 'voice',
        direction: 'inbound',
        queue: 'billing',
        initiatedAt: '2026-11-02T09:00:05.000Z',
        queuedAt: '2026-11-02T09:00:20.000Z',
        endedAt: '2026-11-02T09:02:11.000Z',
        outcome: 'abandoned',
      },
    });
  });

  it('waits for COMPLETED, but finishes a contact known to have ended when told no more events will come', () => {
    const events = fixture('amazon-connect/events-messaging-without-completed.json');
    const steps = assembleStepwise(adapter, events);
    expect(steps.every((s) => s.kind === 'incomplete')).toBe(true);
    const state: AssemblyState = {
      key: { vendor: 'amazon-connect', instance: '', contactId: '' },
      facts: {},
      marks: {},
    };
    for (const event of events) {
      const parsed = adapter.parse(event);
      if (parsed.kind !== 'fact') throw new Error('expected a fact');
      Object.assign(state, { key: parsed.key, facts: { ...state.facts, [parsed.factKey]: parsed.fact } });
    }
    expect(placeContact(adapter.reduce(state, { final: true }) as never, exampleMapping)).toEqual({
      kind: 'contact',
      detail: {
        schemaVersion: 1,
        tenantId: 'northwind-telecom',
        centerId: 'leeds-1',
        occurredAt: '2026-11-02T10:41:15.000Z',
        contactId: 'c0ffee00-aaaa-4bbb-8ccc-000000000003',
        channel: 'messaging',
        direction: 'inbound',
        queue: 'support',
        agentId: '5e0f3a9b-2c71-4d8e-b6a0-9f1e2d3c4017',
        initiatedAt: '2026-11-02T10:30:00.000Z',
        queuedAt: '2026-11-02T10:30:04.000Z',
        answeredAt: '2026-11-02T10:30:48.000Z',
        endedAt: '2026-11-02T10:41:15.000Z',
        talkSeconds: 627,
        outcome: 'handled',
        transferred: false,
      },
    });
    // Before it ended (no DISCONNECTED), even the final reduction has nothing to report.
    const started = { ...state, facts: { INITIATED: state.facts.INITIATED } };
    expect(adapter.reduce(started as never, { final: true })).toEqual({ kind: 'incomplete' });
  });

  it('counts an inbound call whose callback leg names it as callback-requested', () => {
    const abandoned = fixture('amazon-connect/events-voice-abandoned-in-queue.json');
    const callbackLeg = {
      ...abandoned[0],
      id: 'callback-initiated',
      detail: {
        ...abandoned[0].detail,
        contactId: 'c0ffee00-aaaa-4bbb-8ccc-0000000000cb',
        previousContactId: abandoned[0].detail.contactId,
        initiationMethod: 'CALLBACK',
        initiationTimestamp: '2026-11-02T09:01:30.000Z',
      },
    };
    // The callback contact is created before the inbound one disconnects (Administrator Guide, queued callbacks).
    const events = [abandoned[0], abandoned[1], callbackLeg, abandoned[2], abandoned[3]];
    const steps = assembleStepwise(adapter, events);
    const original = placeContact(steps.at(-1) as never, exampleMapping);
    expect(original).toMatchObject({ kind: 'contact', detail: { outcome: 'callback-requested' } });
  });

  it('marks a handled contact transferred when a transfer leg names it, and does not count the leg', () => {
    const transferLeg = {
      ...handled[0],
      detail: {
        ...handled[0].detail,
        contactId: 'c0ffee00-aaaa-4bbb-8ccc-0000000000tr',
        previousContactId: handled[0].detail.contactId,
        initiationMethod: 'TRANSFER',
      },
    };
    expect(parseConnectContactEvent(transferLeg)).toMatchObject({ kind: 'links' });
    const placed = assemble(adapter, [...handled.slice(0, 4), transferLeg, ...handled.slice(4)]);
    expect(placed).toEqual({ kind: 'contact', detail: { ...HANDLED_DETAIL, transferred: true } });
  });

  it('ignores event types and channels that carry no customer contact', () => {
    expect(parseConnectContactEvent(handled[3])).toEqual({
      kind: 'ignore',
      reason: 'CONTACT_DATA_UPDATED events carry nothing a contact record needs',
    });
    const task = { ...handled[0], detail: { ...handled[0].detail, channel: 'TASK' } };
    expect(parseConnectContactEvent(task)).toEqual({
      kind: 'ignore',
      reason: 'task contacts are not customer contacts',
    });
  });

  it('rejects unusable events with the reason', () => {
    const { contactId: _id, ...noContact } = handled[0].detail;
    expect(parseConnectContactEvent({ ...handled[0], detail: noContact })).toMatchObject({
      kind: 'reject',
      reason: 'contactId is missing',
    });
    const { eventType: _t, ...noType } = handled[0].detail;
    expect(parseConnectContactEvent({ ...handled[0], detail: noType })).toEqual({
      kind: 'reject',
      reason: 'eventType is missing',
    });
    const { instanceArn: _i, tags: _g, ...noInstance } = handled[0].detail;
    expect(parseConnectContactEvent({ ...handled[0], resources: [], detail: noInstance })).toEqual({
      kind: 'reject',
      reason: 'instanceArn is missing, so the contact cannot be placed',
    });
    expect(parseConnectContactEvent({ ...handled[0], source: 'ccc.telephony' })).toMatchObject({ kind: 'reject' });
  });

  it('finds the instance in the envelope resources when the detail does not name it', () => {
    const { instanceArn: _i, tags: _g, ...noInstance } = handled[0].detail;
    expect(parseConnectContactEvent({ ...handled[0], detail: noInstance })).toMatchObject({
      kind: 'fact',
      key: { instance: '7c1d9e2a-5b34-4f0e-9a61-0d2c8e4b7f15' },
    });
  });
});
