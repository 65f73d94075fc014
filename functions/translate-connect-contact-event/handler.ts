import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { connectContactEventAdapter } from '../../events/adapters/amazon-connect-contact-event.js';
import type { EventBridgeEvent } from '../../events/envelope.js';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { logger } from '../../shared/runtime/logger.js';
import type { VendorEventOutcome } from '../../shared/store/vendor-contact-assembler.js';
import { createVendorAssembler } from '../../shared/store/vendor-wiring.js';

const assembler = once(() => {
  const config = loadConfig();
  return createVendorAssembler({ config, db: createDocumentClient(config), log: logger });
});

/**
 * Consumes Amazon Connect contact events (`aws.connect` / `Amazon Connect Contact Event`) and publishes one
 * `contact.completed` per finished contact. Idempotent on the contact id: duplicates and replays change nothing.
 */
export const handler = middy<EventBridgeEvent, VendorEventOutcome>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const outcome = await assembler().accept(connectContactEventAdapter, event);
    logger.info('vendor event processed', { outcome, eventId: event.id, source: event.source });
    return outcome;
  });
