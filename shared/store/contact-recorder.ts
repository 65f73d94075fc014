import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContactCompletedDetail } from '../../events/telephony.js';
import { DEFAULT_CONTACT_RETENTION_DAYS, DEFAULT_TIME_ZONE } from '../domain/agreement/defaults.js';
import { type ContactPolicy, ContactRepository } from './contact-repository.js';
import type { WriteOutcome } from './transact.js';

/** Port: how the tenant's agreement in force shapes the storage of a contact (time zone, retention). */
export interface ContactPolicyLookup {
  policyFor(tenantId: string, initiatedAt: string): Promise<ContactPolicy>;
}

export const defaultPolicyLookup: ContactPolicyLookup = {
  policyFor: async () => ({ timeZone: DEFAULT_TIME_ZONE.value, retentionDays: DEFAULT_CONTACT_RETENTION_DAYS.value }),
};

/**
 * The use case "record a finished contact": the one entry point for the event handler and the historical import,
 * so both store and count a contact the same way, exactly once.
 */
export class ContactRecorder {
  private readonly contacts: ContactRepository;

  constructor(
    db: DynamoDBDocumentClient,
    tableName: string,
    private readonly policies: ContactPolicyLookup = defaultPolicyLookup,
  ) {
    this.contacts = new ContactRepository(db, tableName);
  }

  async record(contact: ContactCompletedDetail): Promise<WriteOutcome> {
    const policy = await this.policies.policyFor(contact.tenantId, contact.initiatedAt);
    return this.contacts.record(contact, policy);
  }
}
