import { readFileSync } from 'node:fs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { connectContactEventAdapter } from '../../events/adapters/amazon-connect-contact-event.js';
import { genesysConversationAdapter } from '../../events/adapters/genesys-conversation.js';
import { EventBridgePublisher, type EventPublisher } from '../adapters/event-publisher.js';
import { loadVendorMapping } from '../domain/vendor/load-vendor-mapping.js';
import type { VendorMapping } from '../domain/vendor/vendor-mapping.js';
import type { RuntimeConfig } from '../runtime/config.js';
import { type DeadLetterSink, DynamoDeadLetterRepository } from './dead-letter-repository.js';
import { DynamoAssemblyRepository } from './vendor-assembly-repository.js';
import { type AssemblerLog, VendorContactAssembler } from './vendor-contact-assembler.js';

/** Every vendor that publishes a contact as several events; the sweep finishes assemblies of each. */
export const VENDOR_EVENT_ADAPTERS = [connectContactEventAdapter, genesysConversationAdapter] as const;

/** The vendor mapping named by the environment (`VENDOR_MAPPING` or `VENDOR_MAPPING_FILE`). */
export function vendorMappingFromEnvironment(env: NodeJS.ProcessEnv = process.env): VendorMapping {
  return loadVendorMapping({ env, readFile: (path) => readFileSync(path, 'utf8') });
}

export interface AssemblerWiring {
  config: RuntimeConfig;
  db: DynamoDBDocumentClient;
  mapping?: VendorMapping;
  publisher?: EventPublisher;
  /** Where refused vendor events go; the table's dead letters by default. */
  deadLetters?: DeadLetterSink;
  log?: AssemblerLog;
}

/** The vendor-event use case on the single table, publishing to the configured bus. */
export function createVendorAssembler({
  config,
  db,
  mapping,
  publisher,
  deadLetters,
  log,
}: AssemblerWiring): VendorContactAssembler {
  return new VendorContactAssembler({
    adapters: VENDOR_EVENT_ADAPTERS,
    store: new DynamoAssemblyRepository(db, config.tableName),
    publisher: publisher ?? EventBridgePublisher.fromConfig(config),
    deadLetters: deadLetters ?? new DynamoDeadLetterRepository(db, config.tableName),
    mapping: mapping ?? vendorMappingFromEnvironment(),
    ...(log ? { log } : {}),
  });
}
