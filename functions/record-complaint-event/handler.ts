import type { Context } from 'aws-lambda';
import {
  ComplaintAcknowledged,
  ComplaintEscalated,
  type ComplaintEvent,
  ComplaintReceived,
  ComplaintReopened,
  ComplaintResolved,
} from '../../events/complaints.js';
import type { CanonicalEventType, EventBridgeEvent } from '../../events/envelope.js';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { EventBridgePublisher } from '../../shared/adapters/event-publisher.js';
import { ComplaintRegister, ComplaintTimelineFullError } from '../../shared/app/complaint-register.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { UnprocessableEventError } from '../../shared/runtime/errors.js';
import { eventHandler } from '../../shared/runtime/event-handler.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { ComplaintRepository } from '../../shared/store/complaint-repository.js';
import { conditionalWriter } from '../../shared/store/conditional-writer.js';
import { DynamoDeadLetterRepository } from '../../shared/store/dead-letter-repository.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();

const deps = once(() => {
  const db = createDocumentClient(config);
  return {
    register: new ComplaintRegister(
      new ComplaintRepository(db, config.tableName),
      new AgreementRepository(db, config.tableName),
      new DynamoLedgerRepository(db, config.tableName),
      EventBridgePublisher.fromConfig(config),
      conditionalWriter(db),
    ),
    deadLetters: new DynamoDeadLetterRepository(db, config.tableName),
  };
});

async function apply(event: ComplaintEvent, key: string) {
  try {
    return (await deps().register.apply(event, key)).outcome;
  } catch (error) {
    if (error instanceof ComplaintTimelineFullError) throw new UnprocessableEventError(error.message);
    throw error;
  }
}

/** The consumer of one detail-type: the event type's schema validated the detail the fold receives. */
function consumer(eventType: CanonicalEventType, type: ComplaintEvent['type']) {
  return eventHandler(
    eventType,
    (detail, { idempotencyKey }) => apply({ type, detail } as ComplaintEvent, idempotencyKey),
    deps,
  );
}

const byDetailType: Record<string, (event: EventBridgeEvent, context: Context) => Promise<unknown>> = {
  [ComplaintReceived.detailType]: consumer(ComplaintReceived, 'complaint.received'),
  [ComplaintAcknowledged.detailType]: consumer(ComplaintAcknowledged, 'complaint.acknowledged'),
  [ComplaintResolved.detailType]: consumer(ComplaintResolved, 'complaint.resolved'),
  [ComplaintEscalated.detailType]: consumer(ComplaintEscalated, 'complaint.escalated'),
  [ComplaintReopened.detailType]: consumer(ComplaintReopened, 'complaint.reopened'),
};

/**
 * Consumes the complaint events (ccc.complaints): keeps each once in its complaint's timeline, with its ledger entry,
 * and publishes the deadline alerts it brings about (ccc.compliance). Any other detail-type, and an event for a
 * complaint that already holds the most events one may keep, are dead-lettered with the reason.
 */
export const handler = (event: EventBridgeEvent, context: Context) =>
  (byDetailType[event?.['detail-type']] ?? (byDetailType[ComplaintReceived.detailType] as never))(event, context);
