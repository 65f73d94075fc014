import { ContactCompleted } from '../../events/telephony.js';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { DEFAULT_CONTACT_RETENTION_DAYS, DEFAULT_TIME_ZONE } from '../../shared/domain/agreement/defaults.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { eventHandler } from '../../shared/runtime/event-handler.js';
import { ContactRepository } from '../../shared/store/contact-repository.js';
import { DynamoDeadLetterRepository } from '../../shared/store/dead-letter-repository.js';

const deps = once(() => {
  const config = loadConfig();
  const db = createDocumentClient(config);
  return {
    contacts: new ContactRepository(db, config.tableName),
    deadLetters: new DynamoDeadLetterRepository(db, config.tableName),
  };
});

/** Consumes `contact.completed`: records the contact once (key: tenantId + contactId). */
export const handler = eventHandler(
  ContactCompleted,
  (contact) =>
    deps().contacts.record(contact, {
      timeZone: DEFAULT_TIME_ZONE.value,
      retentionDays: DEFAULT_CONTACT_RETENTION_DAYS.value,
    }),
  deps,
);
