/**
 * The "record a finished contact" use case (shared/app/record-contact.ts) on the single table: contacts, repeat
 * marks and conflicting duplicates in DynamoDB, the policy from the tenant's agreement in force at the contact's
 * `initiatedAt` unless another lookup is given.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../events/envelope.js';
import { AgentCompetence, SnapshotCompetenceCheck } from '../app/agent-competence.js';
import {
  type CompetenceCheck,
  type ConflictObserver,
  type ContactPolicyLookup,
  ContactRecorder,
} from '../app/record-contact.js';
import { AgentRepository, CachedCompetenceSnapshots } from './agent-repository.js';
import { AgreementPolicyLookup, AgreementRepository } from './agreement-repository.js';
import { ContactConflictRepository } from './contact-conflict-repository.js';
import { ContactRepository } from './contact-repository.js';
import { RepeatContactMarker } from './kpi-repeat-contacts.js';
import { DynamoLedgerRepository } from './ledger-repository.js';

export class DynamoContactRecorder extends ContactRecorder {
  constructor(
    db: DynamoDBDocumentClient,
    tableName: string,
    policies: ContactPolicyLookup = new AgreementPolicyLookup(new AgreementRepository(db, tableName)),
    now: Clock = () => new Date(),
    observer?: ConflictObserver,
    competence: CompetenceCheck | null = competenceCheck(db, tableName, now),
  ) {
    super({
      contacts: new ContactRepository(db, tableName),
      repeats: new RepeatContactMarker(db, tableName),
      conflicts: new ContactConflictRepository(db, tableName),
      policies,
      now,
      ...(observer === undefined ? {} : { observer }),
      ...(competence === null ? {} : { competence }),
    });
  }
}

/**
 * The real-time competence cross-check on the table: the tenant's profiles cached a minute per container, a
 * suspected violation read again and recorded with its ledger entry.
 */
export function competenceCheck(db: DynamoDBDocumentClient, tableName: string, now: Clock = () => new Date()) {
  const agents = new AgentRepository(db, tableName);
  // The check takes its requirements from the contact's policy; the agreements serve only workforce events.
  const agreements = new AgreementRepository(db, tableName);
  return new SnapshotCompetenceCheck(
    new AgentCompetence(agents, agreements, new DynamoLedgerRepository(db, tableName, now), now),
    new CachedCompetenceSnapshots(agents),
  );
}
