import { connectContactEventAdapter } from '../../events/adapters/amazon-connect-contact-event.js';
import { lazyVendorAssembler } from '../../shared/compose/vendor-assembler.js';
import { vendorEventHandler } from '../../shared/runtime/vendor-event-handler.js';

/**
 * Consumes Amazon Connect contact events (`aws.connect` / `Amazon Connect Contact Event`) and publishes one
 * `contact.completed` per finished contact. Idempotent on the contact id: duplicates and replays change nothing.
 */
export const handler = vendorEventHandler(connectContactEventAdapter, lazyVendorAssembler());
