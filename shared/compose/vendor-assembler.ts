/**
 * Composition of the vendor-event use case for the Lambda entries (and the tests that drive it like them): which
 * adapter serves which port, from the environment. The one place outside functions/ and infra/local that reads
 * process.env and the file system, on purpose: it is the composition root they share.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { connectContactEventAdapter } from '../../events/adapters/amazon-connect-contact-event.js';
import { genesysConversationAdapter } from '../../events/adapters/genesys-conversation.js';
import { createDocumentClient } from '../adapters/aws-clients.js';
import { EventBridgePublisher, type EventPublisher } from '../adapters/event-publisher.js';
import { type VendorMappingSource, vendorMappingSource } from '../adapters/vendor-mapping-source.js';
import { type AssemblerLog, VendorContactAssembler } from '../app/assemble-vendor-contact.js';
import type { VendorMapping } from '../domain/vendor/vendor-mapping.js';
import { loadConfig, once, type RuntimeConfig } from '../runtime/config.js';
import { logger } from '../runtime/logger.js';
import { countingDeadLetters } from '../runtime/metrics.js';
import { type DeadLetterSink, DynamoDeadLetterRepository } from '../store/dead-letter-repository.js';
import { DynamoAssemblyRepository } from '../store/vendor-assembly-repository.js';

/** Every vendor that publishes a contact as several events; the sweep finishes assemblies of each. */
export const VENDOR_EVENT_ADAPTERS = [connectContactEventAdapter, genesysConversationAdapter] as const;

/**
 * The vendor mapping named by the environment (`VENDOR_MAPPING`, `VENDOR_MAPPING_PARAMETER` or
 * `VENDOR_MAPPING_FILE`), read through its cache on each call. A refused new value is logged as an error and the
 * last good mapping kept.
 */
export function vendorMappingFromEnvironment(env: NodeJS.ProcessEnv = process.env): VendorMappingSource {
  return vendorMappingSource(env, (message, details) => logger.error(message, details));
}

/**
 * A value built from the current mapping, built again only when the mapping changed: `build` runs at most once per
 * mapping, so a use case keeps its clients and state between invocations that see the same mapping.
 */
export function perMapping<T>(source: VendorMappingSource, build: (mapping: VendorMapping) => T): () => Promise<T> {
  let built: { mapping: VendorMapping; value: T } | undefined;
  return async () => {
    const mapping = await source();
    if (built?.mapping !== mapping) built = { mapping, value: build(mapping) };
    return built.value;
  };
}

export interface AssemblerWiring {
  config: RuntimeConfig;
  db: DynamoDBDocumentClient;
  mapping: VendorMapping;
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
    mapping,
    ...(log ? { log } : {}),
  });
}

/**
 * The vendor-event use case on the configured table and bus, with the mapping of the moment: configuration read
 * now (a missing variable or an invalid inline mapping fails the init), the first read of the mapping started now
 * (in AWS, a parameter that cannot be read or does not validate fails the first invocation with the reason), clients
 * built on first use, and the use case rebuilt only when the mapping changed.
 */
export function lazyVendorAssembler(): () => Promise<VendorContactAssembler> {
  const config = loadConfig();
  const mapping = vendorMappingFromEnvironment();
  // Read now, in the init, so the first event rarely waits for SSM; a failure is logged here and retried then.
  mapping().catch((error) => logger.error('vendor mapping unusable at start', { error: error as Error }));
  const clients = once(() => {
    const db = createDocumentClient(config);
    return { db, deadLetters: countingDeadLetters(new DynamoDeadLetterRepository(db, config.tableName)) };
  });
  return perMapping(mapping, (current) =>
    createVendorAssembler({ config, ...clients(), mapping: current, log: logger }),
  );
}
