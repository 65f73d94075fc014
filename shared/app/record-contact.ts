/**
 * The use case "record a finished contact": the one entry point for the event handler, the CTR stream and the
 * historical import, so all of them store and count a contact the same way, exactly once. It depends only on the
 * ports below; shared/store implements them on DynamoDB, and each entry point composes them.
 */
import type { Clock } from '../../events/envelope.js';
import type { ContactCompletedDetail } from '../../events/telephony.js';
import { DEFAULT_AGREEMENT_TERMS, defaultAgreementVersion } from '../domain/agreement/default-agreement.js';
import { DEFAULT_CONTACT_RETENTION_DAYS, DEFAULT_TIME_ZONE } from '../domain/agreement/defaults.js';
import { type CompetenceRequirements, competenceRequirements } from '../domain/competence/competence-requirements.js';
import { differingFields } from '../domain/contact/differing-fields.js';
import { type ComplaintRegisterPolicy, complaintRegisterPolicy } from './complaint-register-check.js';
import type { WriteOutcome } from './write-outcome.js';

/** How a tenant's agreement in force at the contact's `initiatedAt` shapes its storage and counting. */
export interface ContactPolicy {
  /** The contact counts on its day and quarter hour in this zone. */
  timeZone: string;
  /** Contact records are kept this long after the contact ended (the agreement's retention). */
  retentionDays: number;
  /** A same-customer, same-reason contact within this many days makes the earlier one repeated. */
  repeatContactWindowDays: number;
  /** What the agreement requires of the agent who handles it (shared/app/agent-competence.ts). */
  competence: CompetenceRequirements;
  /** Which contacts must have a complaint registered for them, and by when (P1-CMP-REGISTER). */
  complaintRegister: ComplaintRegisterPolicy;
}

/**
 * Port: the policy of the agreement in force (time zone, retention, repeat window, competence requirements,
 * complaint register).
 */
export interface ContactPolicyLookup {
  policyFor(tenantId: string, initiatedAt: string): Promise<ContactPolicy>;
}

/** A contact as stored: the detail first recorded (and counted), and the local day it was counted on. */
export interface StoredContact {
  detail: ContactCompletedDetail;
  day: string;
}

/** Port: contacts, each stored and counted exactly once (idempotency key tenantId + contactId). */
export interface ContactStore {
  record(contact: ContactCompletedDetail, policy: ContactPolicy): Promise<WriteOutcome>;
  /** Strongly consistent: a contact just found a duplicate is seen. */
  find(tenantId: string, contactId: string): Promise<StoredContact | undefined>;
}

/** Port: repeat-contact marking (first-contact resolution by the repeat method), idempotent. */
export interface RepeatContacts {
  markRepeats(contact: ContactCompletedDetail, policy: ContactPolicy, day?: string): Promise<void>;
}

/**
 * Port: the real-time competence cross-check of a handled contact (P1-HR-INDUCTION), idempotent: a contact checked
 * twice records its violation once. It must not read the store for a contact its cached state shows competent.
 */
export interface CompetenceCheck {
  check(contact: ContactCompletedDetail, policy: ContactPolicy): Promise<unknown>;
}

/** A redelivery that differs from the stored contact. */
export interface ConflictingDelivery {
  stored: ContactCompletedDetail;
  received: ContactCompletedDetail;
  differingFields: string[];
}

/** Port: where conflicting duplicates are kept for the operator. */
export interface ConflictStore {
  put(conflict: ConflictingDelivery, receivedAt: string): Promise<void>;
}

/** Port: who hears of a conflicting duplicate (logs and metrics, composed by the entry point). */
export interface ConflictObserver {
  conflictingDuplicate(contact: ContactCompletedDetail, differingFields: string[]): void;
}

/** The default agreement's policy, whatever the tenant: for tests and tools that must not read agreements. */
export const defaultPolicyLookup: ContactPolicyLookup = {
  policyFor: async () => ({
    timeZone: DEFAULT_TIME_ZONE.value,
    retentionDays: DEFAULT_CONTACT_RETENTION_DAYS.value,
    repeatContactWindowDays: DEFAULT_AGREEMENT_TERMS.repeatContactWindowDays.value,
    competence: competenceRequirements(DEFAULT_AGREEMENT_TERMS.training),
    complaintRegister: complaintRegisterPolicy(defaultAgreementVersion('default')),
  }),
};

export interface ContactRecorderDeps {
  contacts: ContactStore;
  repeats: RepeatContacts;
  conflicts: ConflictStore;
  policies: ContactPolicyLookup;
  /** Left out, contacts are not checked against agent competence (tools that only count). */
  competence?: CompetenceCheck;
  observer?: ConflictObserver;
  now?: Clock;
}

export class ContactRecorder {
  private readonly now: Clock;

  constructor(private readonly deps: ContactRecorderDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Stores and counts the contact once (idempotency key: tenantId + contactId), then settles repeat contacts. A
   * redelivery is compared with the stored contact: if it differs it changes nothing and is kept as a conflicting
   * duplicate (both versions), reported to the observer; if it is identical it only finishes, from the stored
   * contact, the repeat marking a failed first attempt may have left undone (marks are idempotent, so usually
   * nothing). Either way the handling agent's competence is then checked (idempotent too), so a check a failed
   * attempt left undone is done by the redelivery.
   */
  async record(contact: ContactCompletedDetail): Promise<WriteOutcome> {
    const { contacts, repeats, conflicts, policies, competence, observer } = this.deps;
    const policy = await policies.policyFor(contact.tenantId, contact.initiatedAt);
    const outcome = await contacts.record(contact, policy);
    if (outcome === 'applied') {
      await repeats.markRepeats(contact, policy);
      await competence?.check(contact, policy);
      return outcome;
    }
    const stored = await contacts.find(contact.tenantId, contact.contactId);
    // Gone since the duplicate check (its retention ended): there is nothing left to compare with or to settle.
    if (stored === undefined) return outcome;
    const fields = differingFields(stored.detail, contact);
    if (fields.length > 0) {
      await conflicts.put(
        { stored: stored.detail, received: contact, differingFields: fields },
        this.now().toISOString(),
      );
      observer?.conflictingDuplicate(contact, fields);
      return outcome;
    }
    await repeats.markRepeats(stored.detail, policy, stored.day);
    await competence?.check(stored.detail, policy);
    return outcome;
  }
}
