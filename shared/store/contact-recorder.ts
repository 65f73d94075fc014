import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContactCompletedDetail } from '../../events/telephony.js';
import { DEFAULT_AGREEMENT_TERMS } from '../domain/agreement/default-agreement.js';
import { DEFAULT_CONTACT_RETENTION_DAYS, DEFAULT_TIME_ZONE } from '../domain/agreement/defaults.js';
import { AgreementPolicyLookup, AgreementRepository } from './agreement-repository.js';
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

  constructor(
    db: DynamoDBDocumentClient,
    tableName: string,
    private readonly policies: ContactPolicyLookup = new AgreementPolicyLookup(new AgreementRepository(db, tableName)),
  ) {
    this.contacts = new ContactRepository(db, tableName);
    this.repeats = new RepeatContactMarker(db, tableName);
  }

  /**
   * Stores and counts the contact once (idempotency key: tenantId + contactId), then settles repeat contacts. The
   * second step runs on duplicates too: it is idempotent by itself, and a retry after it failed must finish it.
   */
  async record(contact: ContactCompletedDetail): Promise<WriteOutcome> {
    const policy = await this.policies.policyFor(contact.tenantId, contact.initiatedAt);
    const outcome = await this.contacts.record(contact, policy);
    await this.repeats.markRepeats(contact, policy);
    return outcome;
  }
}
