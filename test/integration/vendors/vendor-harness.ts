/** Shared set-up of the vendor integration tests: the local bus capturing what the translators publish. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import { type LocalEventBus, startLocalEventBus } from '../../../infra/local/event-bus/index.js';

export const exampleMappingText = readFileSync('config/vendor-mapping.example.json', 'utf8');

// biome-ignore lint/suspicious/noExplicitAny: fixtures are arbitrary vendor JSON
export function fixture(path: string): any {
  return JSON.parse(readFileSync(`test/fixtures/vendors/${path}`, 'utf8'));
}

export function context(functionName: string): Context {
  return { functionName, awsRequestId: 'test', getRemainingTimeInMillis: () => 30_000 } as Context;
}

/** Gives every event of a fixture a contact id of its own, so that tests sharing the table never collide. */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are arbitrary vendor JSON
export function withContactId(events: readonly unknown[], from: string, to: string): any[] {
  return JSON.parse(JSON.stringify(events).replaceAll(from, to));
}

export interface CapturingBus {
  bus: LocalEventBus;
  published: EventBridgeEvent[];
  /** Also hands each canonical contact to this target (the recorder), as the real rule would. */
  onContact?: (event: EventBridgeEvent) => Promise<unknown>;
}

/** The product's local bus, with a rule that captures every `contact.completed`. */
export async function startCapturingBus(onContact?: CapturingBus['onContact']): Promise<CapturingBus> {
  const published: EventBridgeEvent[] = [];
  const bus = await startLocalEventBus({
    port: 0,
    busName: 'ccc-compliance',
    deadLetterFile: join(mkdtempSync(join(tmpdir(), 'ccc-vendors-')), 'dead-letters.jsonl'),
    targets: [
      {
        ruleName: 'ContactCompletedToRecordContact',
        targetName: 'record-contact-completed',
        eventPattern: { source: ['ccc.telephony'], 'detail-type': ['contact.completed'] },
        invoke: async (event) => {
          published.push(event);
          await onContact?.(event);
        },
      },
    ],
  });
  return { bus, published, ...(onContact ? { onContact } : {}) };
}
