import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import { useStandInEnvironment } from '../../support/stand-ins.js';
import {
  type CapturingBus,
  context,
  exampleMappingText,
  fixture,
  startCapturingBus,
  withContactId,
} from './vendor-harness.js';

useStandInEnvironment();
const FIXTURE_CONVERSATION = '7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a09';
let capture: CapturingBus;
let handler: (event: EventBridgeEvent, ctx: ReturnType<typeof context>) => Promise<string>;

beforeAll(async () => {
  capture = await startCapturingBus();
  process.env.EVENTS_ENDPOINT = capture.bus.url;
  process.env.EVENT_BUS_NAME = 'ccc-compliance';
  process.env.VENDOR_MAPPING = exampleMappingText;
  ({ handler } = await import('../../../functions/translate-genesys-conversation/handler.js'));
});

afterAll(async () => {
  await capture.bus.close();
});

describe('Function: translate-genesys-conversation', () => {
  it('publishes one contact.completed once the customer has left and the agent has wrapped up', async () => {
    // Prepare: the wrap-up first, the customer's start last, the customer's end twice
    const conversationId = crypto.randomUUID();
    const events = withContactId(
      fixture('genesys-cloud/voice-inbound-handled.json'),
      FIXTURE_CONVERSATION,
      conversationId,
    );
    const order = [7, 6, 3, 2, 4, 5, 1, 0, 6];

    // Act
    const outcomes: string[] = [];
    for (const i of order) outcomes.push(await handler(events[i], context('translate-genesys-conversation')));
    await capture.bus.idle();

    // Assess
    expect(outcomes).toEqual([
      'assembling',
      'assembling',
      'assembling',
      'assembling',
      'assembling',
      'assembling',
      'ignored',
      'emitted',
      'duplicate',
    ]);
    const published = capture.published.filter((e) => (e.detail as { contactId: string }).contactId === conversationId);
    expect(published).toHaveLength(1);
    expect(published[0]?.detail).toMatchObject({
      tenantId: 'northwind-telecom',
      centerId: 'leeds-1',
      queue: 'sales',
      channel: 'voice',
      outcome: 'handled',
      talkSeconds: 357,
      holdSeconds: 30,
      afterContactWorkSeconds: 48,
    });
  });
});
