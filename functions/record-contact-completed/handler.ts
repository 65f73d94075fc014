import { ContactCompleted } from '../../events/telephony.js';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { eventHandler } from '../../shared/runtime/event-handler.js';
import { ContactRecorder } from '../../shared/store/contact-recorder.js';
import { DynamoDeadLetterRepository } from '../../shared/store/dead-letter-repository.js';

const deps = once(() => {
  const config = loadConfig();
  const db = createDocumentClient(config);
  return {
    recorder: new ContactRecorder(db, config.tableName),
    deadLetters: new DynamoDeadLetterRepository(db, config.tableName),
  };
});

/** Consumes `contact.completed`: records and counts the contact once (key: tenantId + contactId). */
export const handler = eventHandler(ContactCompleted, (contact) => deps().recorder.record(contact), deps);
