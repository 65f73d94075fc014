import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { EventPublisher, OutgoingEvent } from '../app/assemble-vendor-contact.js';
import { type ClientConfig, clientOptions } from './aws-clients.js';

export type { EventPublisher, OutgoingEvent };

/** Some entries of a PutEvents call were refused; retrying may help (throttling) or not (malformed detail). */
export class EventPublishError extends Error {
  override name = 'EventPublishError';
  constructor(readonly failures: Array<{ detailType: string; code?: string; message?: string }>) {
    super(
      `${failures.length} event(s) not accepted by the bus: ${failures
        .map((f) => `${f.detailType} (${f.code ?? 'unknown'}: ${f.message ?? ''})`)
        .join('; ')}`,
    );
  }
}

/** EventBridge takes at most 10 entries per PutEvents call. */
const ENTRIES_PER_CALL = 10;

/**
 * Publishes through EventBridge `PutEvents` to the configured bus (`EVENT_BUS_NAME`), at the configured endpoint
 * (`EVENTS_ENDPOINT`, the local bus on one machine) or at AWS when none is set. Entries the bus refuses are
 * reported as an {@link EventPublishError} after the whole batch was tried, so the caller can retry: consumers are
 * idempotent on each event's business key, which makes a second delivery of the entries that did pass harmless.
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  static fromConfig(config: ClientConfig): EventBridgePublisher {
    const client = new EventBridgeClient({ ...clientOptions(config, config.endpoints.events), maxAttempts: 5 });
    return new EventBridgePublisher(client, config.eventBusName);
  }

  async publish(events: readonly OutgoingEvent[]): Promise<void> {
    const failures: EventPublishError['failures'] = [];
    for (let i = 0; i < events.length; i += ENTRIES_PER_CALL) {
      const batch = events.slice(i, i + ENTRIES_PER_CALL);
      const entries: PutEventsRequestEntry[] = batch.map((e) => ({
        EventBusName: this.busName,
        Source: e.source,
        DetailType: e.detailType,
        Detail: JSON.stringify(e.detail),
        ...(e.occurredAt === undefined ? {} : { Time: new Date(e.occurredAt) }),
      }));
      const out = await this.client.send(new PutEventsCommand({ Entries: entries }));
      (out.Entries ?? []).forEach((result, at) => {
        if (result.ErrorCode !== undefined) {
          failures.push({
            detailType: batch[at]?.detailType ?? '?',
            code: result.ErrorCode,
            message: result.ErrorMessage,
          });
        }
      });
    }
    if (failures.length > 0) throw new EventPublishError(failures);
  }
}
