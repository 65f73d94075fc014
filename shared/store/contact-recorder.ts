import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ContactCompleted, type ContactCompletedDetail } from '../../events/telephony.js';
import { DEFAULT_AGREEMENT_TERMS } from '../domain/agreement/default-agreement.js';
import { DEFAULT_CONTACT_RETENTION_DAYS, DEFAULT_TIME_ZONE } from '../domain/agreement/defaults.js';
import { logger } from '../runtime/logger.js';
import { countConflictingDuplicate } from '../runtime/metrics.js';
import { AgreementPolicyLookup, AgreementRepository } from './agreement-repository.js';
import { ContactConflictRepository, differingFields } from './contact-conflict-repository.js';
import { type ContactPolicy, ContactRepository } from './contact-repository.js';
import { RepeatContactMarker } from './kpi-repeat-contacts.js';
import type { WriteOutcome } from './transact.js';

/** Port: how the tenant's agreement in force shapes the storage of a contact (time zone, retention, repeat window). */
export interface ContactPolicyLookup {
  policyFor(tenantId: string, initiatedAt: string): Promise<ContactPolicy>;
}

/** The default agreement's policy, whatever the tenant: for tests and tools that must not read agreements. */
export const defaultPolicyLookup: ContactPolicyLookup = {
  policyFor: async () => ({
    timeZone: DEFAULT_TIME_ZONE.value,
    retentionDays: DEFAULT_CONTACT_RETENTION_DAYS.value,
    repeatContactWindowDays: DEFAULT_AGREEMENT_TERMS.repeatContactWindowDays.value,
  }),
};

/**
 * The use case "record a finished contact": the one entry point for the event handler and the historical import,
 * so both store and count a contact the same way, exactly once. By default the policy comes from the tenant's
 * agreement in force at the contact's `initiatedAt`.
 */
export class ContactRecorder {
  private readonly contacts: ContactRepository;
  private readonly repeats: RepeatContactMarker;
  private readonly conflicts: ContactConflictRepository;

  constructor(
    db: DynamoDBDocumentClient,
    tableName: string,
    private readonly policies: ContactPolicyLookup = new AgreementPolicyLookup(new AgreementRepository(db, tableName)),
    private readonly now: () => Date = () => new Date(),
  ) {
    this.contacts = new ContactRepository(db, tableName);
    this.repeats = new RepeatContactMarker(db, tableName);
    this.conflicts = new ContactConflictRepository(db, tableName);
  }

  /**
   * Stores and counts the contact once (idempotency key: tenantId + contactId), then settles repeat contacts. A
   * redelivery is compared with the stored contact: if it differs it changes nothing and is kept as a conflicting
   * duplicate (both versions), logged and counted; if it is identical it only finishes, from the stored contact,
   * the repeat marking a failed first attempt may have left undone (marks are idempotent, so usually nothing).
   */
  async record(contact: ContactCompletedDetail): Promise<WriteOutcome> {
    const policy = await this.policies.policyFor(contact.tenantId, contact.initiatedAt);
    const outcome = await this.contacts.record(contact, policy);
    if (outcome === 'applied') {
      await this.repeats.markRepeats(contact, policy);
      return outcome;
    }
    const stored = await this.contacts.find(contact.tenantId, contact.contactId);
    // Gone since the duplicate check (its retention ended): there is nothing left to compare with or to settle.
    if (stored === undefined) return outcome;
    const fields = differingFields(stored.detail, contact);
    if (fields.length > 0) {
      await this.conflicts.put(
        { stored: stored.detail, received: contact, differingFields: fields },
        this.now().toISOString(),
      );
      // Field names only, never values: they may be personal data.
      logger.warn('conflicting duplicate contact kept, not applied', {
        tenantId: contact.tenantId,
        contactId: contact.contactId,
        differingFields: fields,
      });
      countConflictingDuplicate(ContactCompleted.detailType);
      return outcome;
    }
    await this.repeats.markRepeats(stored.detail, policy, stored.day);
    return outcome;
  }
}
