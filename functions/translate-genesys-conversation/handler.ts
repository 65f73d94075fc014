import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { genesysConversationAdapter } from '../../events/adapters/genesys-conversation.js';
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
 * Consumes Genesys Cloud conversation detail events (`aws.partner/genesys.com/...`) and publishes one
 * `contact.completed` per finished conversation. Idempotent on the conversation id: duplicates and replays change nothing.
 */
export const handler = middy<EventBridgeEvent, VendorEventOutcome>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const outcome = await assembler().accept(genesysConversationAdapter, event);
    logger.info('vendor event processed', { outcome, eventId: event.id, source: event.source });
    return outcome;
  });
