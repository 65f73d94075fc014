import { describe, expect, it } from 'vitest';
import {
  genesysConversationAdapter as adapter,
  parseGenesysConversationEvent,
} from '../../../../events/adapters/genesys-conversation.js';
import type { AssemblyState } from '../../../../events/adapters/vendor-assembly.js';
import { ContactCompletedDetail } from '../../../../events/telephony.js';
import { placeContact } from '../../../../shared/domain/vendor/place-contact.js';
import { assemble, assembleStepwise, exampleMapping, fixture, pascal, rekey, shuffled } from './vendor-test-kit.js';

const voice = fixture('genesys-cloud/voice-inbound-handled.json');
const VOICE_DETAIL = {
  schemaVersion: 1,
  tenantId: 'northwind-telecom',
  centerId: 'leeds-1',
  occurredAt: '2026-11-03T10:12:02.000Z',
  contactId: '7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a09',
  channel: 'voice',
  direction: 'inbound',
  queue: 'sales',
  agentId: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  reason: '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2910',
  initiatedAt: '2026-11-03T10:05:00.000Z',
  queuedAt: '2026-11-03T10:05:18.000Z',
  answeredAt: '2026-11-03T10:05:35.000Z',
  endedAt: '2026-11-03T10:12:02.000Z',
  // The agent interacted 387 s, 30 of them with the customer on hold.
  talkSeconds: 357,
  holdSeconds: 30,
  afterContactWorkSeconds: 48,
  outcome: 'handled',
  transferred: false,
};

const kindOf = (event: { detail: { topicName: string } }) => event.detail.topicName.split('.').slice(5).join('.');

function stateOf(events: unknown[]): AssemblyState {
  const state: AssemblyState = { key: { vendor: 'genesys-cloud', instance: '', contactId: '' }, facts: {}, marks: {} };
  for (const event of events) {
    const parsed = adapter.parse(event as never);
    if (parsed.kind !== 'fact') continue;
    state.key = parsed.key;
    state.facts[parsed.factKey] ??= parsed.fact;
  }
  return state;
}

describe('Adapter: Genesys Cloud conversation events', () => {
  it('assembles a handled inbound call into the exact canonical contact, which the strict schema accepts', () => {
    expect(assemble(adapter, voice)).toEqual({ kind: 'contact', detail: VOICE_DETAIL });
    expect(ContactCompletedDetail.safeParse(VOICE_DETAIL).success).toBe(true);
  });

  it.each([
    ['reversed', [...voice].reverse()],
    ['shuffled (seed 2)', shuffled(voice, 2)],
    ['shuffled (seed 11)', shuffled(voice, 11)],
    ['every event twice, shuffled', shuffled([...voice, ...voice], 9)],
  ])('completes once the customer has left and the agent has wrapped up, %s', (_order, events) => {
    const steps = assembleStepwise(adapter, events);
    const firstComplete = steps.findIndex((s) => s.kind !== 'incomplete');
    const seen = new Set(events.slice(0, firstComplete + 1).map(kindOf));
    expect(seen.has('customer.end') && seen.has('acw') && seen.has('customer.start')).toBe(true);
    expect(assemble(adapter, events)).toEqual({ kind: 'contact', detail: VOICE_DETAIL });
  });

  it('reads PascalCase event bodies the same way', () => {
    const pascalEvents = voice.map((e: { detail: unknown }) => ({ ...e, detail: rekey(e.detail, pascal) }));
    expect(assemble(adapter, pascalEvents)).toEqual({ kind: 'contact', detail: VOICE_DETAIL });
  });

  it('keeps no caller number or wrap-up note in what it stores', () => {
    const facts = JSON.stringify(stateOf(voice).facts);
    expect(facts).not.toContain('+441130000001');
    expect(facts).not.toContain('roaming bill');
  });

  it('finishes without the wrap-up when told no more events will come', () => {
    const withoutAcw = voice.filter((e: never) => kindOf(e) !== 'acw');
    expect(assembleStepwise(adapter, withoutAcw).at(-1)).toEqual({ kind: 'incomplete' });
    const { reason: _r, afterContactWorkSeconds: _a, ...rest } = VOICE_DETAIL;
    expect(placeContact(adapter.reduce(stateOf(withoutAcw), { final: true }) as never, exampleMapping)).toEqual({
      kind: 'contact',
      detail: rest,
    });
  });

  it('assembles a chat abandoned in queue', () => {
    expect(assemble(adapter, fixture('genesys-cloud/chat-abandoned.json'))).toEqual({
      kind: 'contact',
      detail: {
        schemaVersion: 1,
        tenantId: 'northwind-telecom',
        centerId: 'leeds-1',
        occurredAt: '2026-11-03T14:03:40.000Z',
        contactId: '7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a10',
        channel: 'chat',
        direction: 'inbound',
        queue: 'sales',
        initiatedAt: '2026-11-03T14:00:00.000Z',
        queuedAt: '2026-11-03T14:00:03.000Z',
        endedAt: '2026-11-03T14:03:40.000Z',
        outcome: 'abandoned',
      },
    });
  });

  it('maps message types to messaging or social', () => {
    const asMessage = (messageType: string) =>
      fixture('genesys-cloud/chat-abandoned.json').map((e: { detail: { eventBody: object } }) => ({
        ...e,
        detail: { ...e.detail, eventBody: { ...e.detail.eventBody, mediaType: 'MESSAGE', messageType } },
      }));
    expect(assemble(adapter, asMessage('WHATSAPP'))).toMatchObject({ detail: { channel: 'messaging' } });
    expect(assemble(adapter, asMessage('FACEBOOK'))).toMatchObject({ detail: { channel: 'social' } });
  });

  it('ignores other topics and rejects events it cannot place', () => {
    expect(parseGenesysConversationEvent(voice[1])).toEqual({
      kind: 'ignore',
      reason: 'flow.outcome events carry nothing a contact record needs',
    });
    const noOrg = { ...voice[0], source: 'aws.partner/genesys.com' };
    expect(parseGenesysConversationEvent(noOrg)).toEqual({
      kind: 'reject',
      reason: 'no organization id in the source or eventBody, so the contact cannot be placed',
    });
    const noTime = { ...voice[0], detail: { ...voice[0].detail, eventBody: { conversationId: 'x' } } };
    expect(parseGenesysConversationEvent(noTime)).toEqual({
      kind: 'reject',
      reason: 'eventBody.eventTime is missing or not a time',
    });
    expect(parseGenesysConversationEvent({ ...voice[0], source: 'aws.connect' })).toMatchObject({ kind: 'reject' });
  });

  it('dead-letters a conversation on a queue the mapping does not know (the organization has no default)', () => {
    const otherQueue = voice.map((e: { detail: { eventBody: { queueId?: string } } }) => ({
      ...e,
      detail: {
        ...e.detail,
        eventBody: { ...e.detail.eventBody, ...(e.detail.eventBody.queueId ? { queueId: 'unknown-queue' } : {}) },
      },
    }));
    expect(assemble(adapter, otherQueue)).toEqual({
      kind: 'reject',
      reason:
        'unmapped contact: genesys-cloud instance e2c4a6b8-1d3f-4a5b-8c7d-9e0f1a2b3c4d (queue unknown-queue) ' +
        'has no default and no route for this queue',
    });
  });
});
