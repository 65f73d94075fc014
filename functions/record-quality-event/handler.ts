import type { Context } from 'aws-lambda';
import type { EventBridgeEvent } from '../../events/envelope.js';
import { DocumentApproved, ManagementReviewHeld } from '../../events/governance.js';
import { AuditCompleted, CorrectiveActionRecorded } from '../../events/quality.js';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import {
  auditOf,
  documentOf,
  NonconformityNotFoundError,
  RecordAudit,
  RecordCorrectiveStep,
  RecordGovernance,
  recordedStepOf,
  reviewOf,
} from '../../shared/app/quality-records.js';
import type { WriteOutcome } from '../../shared/app/write-outcome.js';
import { NonconformityStepError } from '../../shared/domain/quality/nonconformity-workflow.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { UnprocessableEventError } from '../../shared/runtime/errors.js';
import { eventHandler } from '../../shared/runtime/event-handler.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { DynamoDeadLetterRepository } from '../../shared/store/dead-letter-repository.js';
import { GovernanceRepository } from '../../shared/store/governance-repository.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import { QualityRepository } from '../../shared/store/quality-repository.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();

const deps = once(() => {
  const db = createDocumentClient(config);
  const quality = new QualityRepository(db, config.tableName);
  const ledger = new DynamoLedgerRepository(db, config.tableName);
  return {
    audits: new RecordAudit(quality, new AgreementRepository(db, config.tableName), ledger),
    steps: new RecordCorrectiveStep(quality, ledger),
    governance: new RecordGovernance(new GovernanceRepository(db, config.tableName), ledger),
    deadLetters: new DynamoDeadLetterRepository(db, config.tableName),
  };
});

/** Events are recorded in the name of the pseudonymous person they name; the role says a producer sent it. */
const byEvent = (actor: string) => ({ actor, actorRole: 'system' });

/** A step the workflow refuses, or one for an unknown nonconformity, cannot succeed on a retry: dead-lettered. */
async function refusingDeadEnds(record: () => Promise<{ outcome: WriteOutcome }>): Promise<WriteOutcome> {
  try {
    return (await record()).outcome;
  } catch (error) {
    if (error instanceof NonconformityStepError || error instanceof NonconformityNotFoundError) {
      throw new UnprocessableEventError(error.message);
    }
    throw error;
  }
}

const byDetailType: Record<string, (event: EventBridgeEvent, context: Context) => Promise<unknown>> = {
  [AuditCompleted.detailType]: eventHandler(
    AuditCompleted,
    async (detail) => (await deps().audits.record(auditOf(detail, new Date()), byEvent(detail.auditor))).outcome,
    deps,
  ),
  [CorrectiveActionRecorded.detailType]: eventHandler(
    CorrectiveActionRecorded,
    (detail) =>
      refusingDeadEnds(() =>
        deps().steps.record(
          detail.tenantId,
          detail.nonconformityId,
          recordedStepOf(detail, new Date()),
          byEvent(detail.recordedBy),
        ),
      ),
    deps,
  ),
  [DocumentApproved.detailType]: eventHandler(
    DocumentApproved,
    async (detail) =>
      (await deps().governance.approveDocument(documentOf(detail, new Date()), byEvent(detail.approvedBy))).outcome,
    deps,
  ),
  [ManagementReviewHeld.detailType]: eventHandler(
    ManagementReviewHeld,
    async (detail) =>
      (await deps().governance.holdReview(reviewOf(detail, new Date()), byEvent(detail.chairedBy))).outcome,
    deps,
  ),
};

/**
 * Consumes the quality (ccc.quality) and governance (ccc.governance) events: audits with the nonconformities their
 * findings open, corrective-action steps, approved documents and management reviews, each kept once with its ledger
 * entry. Any other detail-type, a step the workflow refuses and a step for an unknown nonconformity are
 * dead-lettered with the reason.
 */
export const handler = (event: EventBridgeEvent, context: Context) =>
  (byDetailType[event?.['detail-type']] ?? (byDetailType[AuditCompleted.detailType] as never))(event, context);
