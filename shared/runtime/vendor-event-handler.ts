import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { VendorEventAdapter } from '../../events/adapters/vendor-assembly.js';
import type { EventBridgeEvent } from '../../events/envelope.js';
import { createDocumentClient } from '../adapters/aws-clients.js';
import { DynamoDeadLetterRepository } from '../store/dead-letter-repository.js';
import type { VendorContactAssembler, VendorEventOutcome } from '../store/vendor-contact-assembler.js';
import { createVendorAssembler, vendorMappingFromEnvironment } from '../store/vendor-wiring.js';
import { loadConfig, once } from './config.js';
import { logger } from './logger.js';
import { countingDeadLetters } from './metrics.js';

/** The vendor-event use case on the configured table and bus: configuration read now, clients built on first use. */
export function lazyVendorAssembler(): () => VendorContactAssembler {
  // Read when the handler module loads (cold start): a missing variable or an invalid mapping fails the init.
  const config = loadConfig();
  const mapping = vendorMappingFromEnvironment();
  return once(() => {
    const db = createDocumentClient(config);
    const deadLetters = countingDeadLetters(new DynamoDeadLetterRepository(db, config.tableName));
    return createVendorAssembler({ config, db, deadLetters, mapping, log: logger });
  });
}

/**
 * Builds the Lambda handler of a vendor's contact events from its adapter: each event is handed to the assembler,
 * which publishes one `contact.completed` per finished contact, and the outcome is logged once. Idempotent on the
 * vendor's contact id (the assembly key): duplicates and replays change nothing.
 */
export function vendorEventHandler(adapter: VendorEventAdapter) {
  const assembler = lazyVendorAssembler();
  return middy<EventBridgeEvent, VendorEventOutcome>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const outcome = await assembler().accept(adapter, event);
      logger.info('vendor event processed', { outcome, eventId: event.id, source: event.source });
      return outcome;
    });
}
