/**
 * The "record a finished contact" use case (shared/app/record-contact.ts) on the single table: contacts, repeat
 * marks and conflicting duplicates in DynamoDB, the policy from the tenant's agreement in force at the contact's
 * `initiatedAt` unless another lookup is given.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../events/envelope.js';
import { type ConflictObserver, type ContactPolicyLookup, ContactRecorder } from '../app/record-contact.js';
import { AgreementPolicyLookup, AgreementRepository } from './agreement-repository.js';
import { ContactConflictRepository } from './contact-conflict-repository.js';
import { ContactRepository } from './contact-repository.js';
import { RepeatContactMarker } from './kpi-repeat-contacts.js';

export class DynamoContactRecorder extends ContactRecorder {
  constructor(
    db: DynamoDBDocumentClient,
    tableName: string,
    policies: ContactPolicyLookup = new AgreementPolicyLookup(new AgreementRepository(db, tableName)),
    now: Clock = () => new Date(),
    observer?: ConflictObserver,
  ) {
    super({
      contacts: new ContactRepository(db, tableName),
      repeats: new RepeatContactMarker(db, tableName),
      conflicts: new ContactConflictRepository(db, tableName),
      policies,
      now,
      ...(observer === undefined ? {} : { observer }),
    });
  }
}
