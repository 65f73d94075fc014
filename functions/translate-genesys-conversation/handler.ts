import { genesysConversationAdapter } from '../../events/adapters/genesys-conversation.js';
import { lazyVendorAssembler } from '../../shared/compose/vendor-assembler.js';
import { vendorEventHandler } from '../../shared/runtime/vendor-event-handler.js';

/**
 * Consumes Genesys Cloud conversation detail events (`aws.partner/genesys.com/...`) and publishes one
 * `contact.completed` per finished conversation. Idempotent on the conversation id: duplicates and replays change nothing.
 */
export const handler = vendorEventHandler(genesysConversationAdapter, lazyVendorAssembler());
