import type { ConflictObserver } from '../app/record-contact.js';
import { logger } from './logger.js';
import { countConflictingDuplicate } from './metrics.js';

/** Conflicting duplicates, seen by the operator: a warning (field names only, never values) and a metric. */
export const conflictObserver: ConflictObserver = {
  conflictingDuplicate(contact, differingFields) {
    logger.warn('conflicting duplicate contact kept, not applied', {
      tenantId: contact.tenantId,
      contactId: contact.contactId,
      differingFields,
    });
    countConflictingDuplicate('contact.completed');
  },
};
