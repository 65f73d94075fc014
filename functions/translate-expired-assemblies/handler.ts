import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { SweepReport } from '../../shared/app/assemble-vendor-contact.js';
import { lazyVendorAssembler } from '../../shared/compose/vendor-assembler.js';
import { logger } from '../../shared/runtime/logger.js';

const assembler = lazyVendorAssembler();

/** Stop starting new sweeps when less than this is left of the invocation. */
const TIME_RESERVE_MS = 5_000;
const PAGE = 100;

/**
 * Scheduled (every 15 minutes): finishes the vendor contacts whose last event never came (a Connect chat without
 * COMPLETED is finished from DISCONNECTED) and dead-letters, as "never completed", those that never ended. Sweeps
 * page after page while time remains; what is left waits for the next run.
 */
export const handler = middy<unknown, SweepReport>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (_event: unknown, context: Context) => {
    const total: SweepReport = { examined: 0, emitted: 0, skipped: 0, deadLettered: 0, expired: 0, failed: 0 };
    for (;;) {
      const report = await (await assembler()).sweep(PAGE);
      for (const key of Object.keys(total) as Array<keyof SweepReport>) total[key] += report[key];
      const progressed = report.examined - report.failed > 0;
      if (!progressed || context.getRemainingTimeInMillis() < TIME_RESERVE_MS) break;
    }
    // One line per run, with the counts as fields: the metric filter of "expired" contacts reads it.
    logger.info('vendor assemblies swept', { ...total });
    return total;
  });
