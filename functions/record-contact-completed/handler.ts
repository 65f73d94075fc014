import { ContactCompleted } from '../../events/telephony.js';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { conflictObserver } from '../../shared/runtime/conflict-observer.js';
import { eventHandler } from '../../shared/runtime/event-handler.js';
import { AgreementPolicyLookup, AgreementRepository } from '../../shared/store/agreement-repository.js';
import { DynamoDeadLetterRepository } from '../../shared/store/dead-letter-repository.js';
import { DynamoContactRecorder } from '../../shared/store/dynamo-contact-recorder.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();

const deps = once(() => {
  const db = createDocumentClient(config);
  return {
    // Time zone, retention and repeat window come from the tenant's agreement in force at the contact's initiatedAt.
    recorder: new DynamoContactRecorder(
      db,
      config.tableName,
      new AgreementPolicyLookup(new AgreementRepository(db, config.tableName)),
      undefined,
      conflictObserver,
    ),
    deadLetters: new DynamoDeadLetterRepository(db, config.tableName),
  };
});

/**
 * Consumes `contact.completed`: records the contact and adds it to its day and quarter-hour KPI aggregates, once
 * (key: tenantId + contactId), then settles repeat contacts.
 */
export const handler = eventHandler(ContactCompleted, (contact) => deps().recorder.record(contact), deps);
