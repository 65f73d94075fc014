import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import type { ControlCadence } from '../../shared/app/controls/control-definition.js';
import type { ControlsReport } from '../../shared/app/evaluate-controls.js';
import { purgeInstant } from '../../shared/app/purge-recordings.js';
import { controlsEngine } from '../../shared/compose/controls-engine.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { logger } from '../../shared/runtime/logger.js';
import type { ScheduledInvocation } from '../schedules.js';

// Read at cold start: a missing or malformed variable fails the init, not a run.
const config = loadConfig();

const deps = once(() =>
  controlsEngine(createDocumentClient(config), config, {
    onTenantFailure: (tenantId, error) =>
      logger.error('control evaluation failed; tenant left for the next run', { tenantId, error: error as Error }),
    onControlFailure: ({ tenantId, controlId, error }) =>
      logger.error('control not evaluated; left for the next run', { tenantId, controlId, error: error as Error }),
    onPublishFailure: (tenantId, controlId, error) =>
      logger.warn('transition event not published; the next run publishes it', {
        tenantId,
        controlId,
        error: error as Error,
      }),
  }),
);

/** Stop starting new tenants when less than this is left: one tenant is a few dozen reads and a write per change. */
const TIME_RESERVE_MS = 30_000;

/**
 * The schedules of functions/schedules.ts and the cadence each runs. The daily evaluation of every control is the
 * daily surveillance's (functions/surveil-tenant); an invocation by hand without a schedule still runs it.
 */
export const CADENCE_OF_SCHEDULE: Readonly<Record<string, ControlCadence>> = {
  EvaluateControlsHourly: 'hourly',
};

/**
 * Scheduled (functions/schedules.ts, `EvaluateControlsHourly`): evaluates the catalogue's
 * controls due for the schedule's cadence for every tenant as of the invocation's `scheduledTime` (never later than
 * the clock); an invocation without a known schedule runs the daily evaluation.
 */
export const handler = middy<Partial<ScheduledInvocation> | undefined, ControlsReport>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context: Context) => {
    const now = purgeInstant(event?.scheduledTime, () => new Date());
    const cadence = CADENCE_OF_SCHEDULE[event?.schedule ?? ''] ?? 'daily';
    const report = await deps().run(now, cadence, () => context.getRemainingTimeInMillis() > TIME_RESERVE_MS);
    // One line per run, counts only.
    logger.info('controls evaluated', {
      cadence,
      tenants: report.tenants,
      evaluated: report.evaluated,
      disabled: report.disabled,
      failed: report.failed,
      controlFailures: report.failures.length,
      complete: report.complete,
      transitions: report.transitions.length,
      breached: report.transitions.filter((t) => t.to === 'breached').length,
      republished: report.republished,
      asOf: now.toISOString(),
    });
    return report;
  });
