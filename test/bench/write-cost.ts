import { ACME_ENERGY } from '../../infra/local/demo/acme-energy.js';
import { simulateMonth } from '../../infra/local/demo/simulator.js';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import type { RuntimeConfig } from '../../shared/runtime/config.js';
import { DynamoContactRecorder } from '../../shared/store/dynamo-contact-recorder.js';
import { round } from './bus-throughput.js';
import { meterWriteCapacity } from './capacity.js';

/**
 * Write capacity units DynamoDB reports (ReturnConsumedCapacity) for recording contacts through the product's use
 * case: the contact, its day and quarter-hour aggregates, in one transaction. Read units (which DynamoDB Local
 * reports for gets and queries, 0 for an empty query) are measured per contact in test/bench/competence-cost.ts.
 */
export async function benchWriteCost(config: RuntimeConfig, count: number) {
  const db = createDocumentClient(config);
  const meter = meterWriteCapacity(db);
  const recorder = new DynamoContactRecorder(db, config.tableName);
  const tenantId = `bench-wcu-${Date.now().toString(36)}`;
  const contacts = simulateMonth({ month: '2026-10', seed: 'wcu', tenants: [ACME_ENERGY], scale: 1 }).slice(0, count);
  for (const contact of contacts) await recorder.record({ ...contact, tenantId });
  db.destroy();
  return {
    contacts: contacts.length,
    writeUnitsPerContact: round(meter.writeUnits / contacts.length, 2),
  };
}
