import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { VendorEventAdapter } from '../../events/adapters/vendor-assembly.js';
import type { EventBridgeEvent } from '../../events/envelope.js';
import type { VendorContactAssembler, VendorEventOutcome } from '../app/assemble-vendor-contact.js';
import { logger } from './logger.js';

/**
 * Builds the Lambda handler of a vendor's contact events from its adapter: each event is handed to the assembler,
 * which publishes one `contact.completed` per finished contact, and the outcome is logged once. Idempotent on the
 * vendor's contact id (the assembly key): duplicates and replays change nothing.
 */
export function vendorEventHandler(adapter: VendorEventAdapter, assembler: () => Promise<VendorContactAssembler>) {
  return middy<EventBridgeEvent, VendorEventOutcome>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const outcome = await (await assembler()).accept(adapter, event);
      logger.info('vendor event processed', { outcome, eventId: event.id, source: event.source });
      return outcome;
    });
}
