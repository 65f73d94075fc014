import type { Context } from 'aws-lambda';
import type { EventBridgeEvent } from '../../events/envelope.js';
import { AgentLeft, AgentOnboarded, QaEvaluationCompleted, TrainingCompleted } from '../../events/workforce.js';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { AgentCompetence } from '../../shared/app/agent-competence.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { eventHandler } from '../../shared/runtime/event-handler.js';
import { AgentRepository } from '../../shared/store/agent-repository.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { DynamoDeadLetterRepository } from '../../shared/store/dead-letter-repository.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();

const deps = once(() => {
  const db = createDocumentClient(config);
  return {
    competence: new AgentCompetence(
      new AgentRepository(db, config.tableName),
      new AgreementRepository(db, config.tableName),
      new DynamoLedgerRepository(db, config.tableName),
    ),
    deadLetters: new DynamoDeadLetterRepository(db, config.tableName),
  };
});

const applied = async (outcome: Promise<{ outcome: 'applied' | 'duplicate' }>) => (await outcome).outcome;

const byDetailType: Record<string, (event: EventBridgeEvent, context: Context) => Promise<unknown>> = {
  [AgentOnboarded.detailType]: eventHandler(
    AgentOnboarded,
    (detail, { idempotencyKey }) =>
      applied(deps().competence.apply({ type: 'agent.onboarded', detail }, idempotencyKey)),
    deps,
  ),
  [AgentLeft.detailType]: eventHandler(
    AgentLeft,
    (detail, { idempotencyKey }) => applied(deps().competence.apply({ type: 'agent.left', detail }, idempotencyKey)),
    deps,
  ),
  [TrainingCompleted.detailType]: eventHandler(
    TrainingCompleted,
    (detail, { idempotencyKey }) =>
      applied(deps().competence.apply({ type: 'training.completed', detail }, idempotencyKey)),
    deps,
  ),
  [QaEvaluationCompleted.detailType]: eventHandler(
    QaEvaluationCompleted,
    (detail, { idempotencyKey }) =>
      applied(deps().competence.apply({ type: 'qa.evaluation-completed', detail }, idempotencyKey)),
    deps,
  ),
};

/**
 * Consumes the workforce events (ccc.workforce): folds each into the agent's competence profile once (its
 * idempotency key) and clears the competence violations a late record answers. Any other detail-type is
 * dead-lettered with the reason.
 */
export const handler = (event: EventBridgeEvent, context: Context) =>
  (byDetailType[event?.['detail-type']] ?? (byDetailType[TrainingCompleted.detailType] as never))(event, context);
