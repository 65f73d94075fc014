import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { type CompetenceReport, EvaluateCompetence } from '../../shared/app/evaluate-competence.js';
import { purgeInstant } from '../../shared/app/purge-recordings.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { logger } from '../../shared/runtime/logger.js';
import { AgentRepository } from '../../shared/store/agent-repository.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { conditionalWriter } from '../../shared/store/conditional-writer.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import type { ScheduledInvocation } from '../schedules.js';

// Read at cold start: a missing or malformed variable fails the init, not a run.
const config = loadConfig();

const deps = once(() => {
  const db = createDocumentClient(config);
  const ledger = new DynamoLedgerRepository(db, config.tableName);
  return new EvaluateCompetence(
    new AgentRepository(db, config.tableName),
    new AgreementRepository(db, config.tableName),
    ledger,
    ledger,
    conditionalWriter(db),
    {
      onFailure: (tenantId, error) =>
        logger.error('competence evaluation failed; left for the next run', { tenantId, error: error as Error }),
    },
  );
});

/** Stop starting new tenants when less than this is left: one tenant is a few queries and up to three writes. */
const TIME_RESERVE_MS = 20_000;

/**
 * Scheduled (daily, functions/schedules.ts): evaluates P1-HR-COMPETENCE-CURRENCY, P1-HR-SKILLS-DEV and
 * P1-HR-INDUCTION of every tenant with agents as of the invocation's `scheduledTime` (never later than the clock),
 * each status change with its ledger entry.
 */
export const handler = middy<Partial<ScheduledInvocation> | undefined, CompetenceReport>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context: Context) => {
    const now = purgeInstant(event?.scheduledTime, () => new Date());
    const report = await deps().run(now, () => context.getRemainingTimeInMillis() > TIME_RESERVE_MS);
    // One line per run, counts only: the transitions name tenants and controls, which are not personal data.
    logger.info('competence evaluated', {
      tenants: report.tenants,
      evaluated: report.evaluated,
      failed: report.failed,
      complete: report.complete,
      transitions: report.transitions.length,
      breached: report.transitions.filter((t) => t.to === 'breached').length,
      asOf: now.toISOString(),
    });
    return report;
  });
