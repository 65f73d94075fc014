/**
 * Every Lambda function of the product, as data. The CDK stateless stack builds one NodejsFunction per entry
 * (with exactly the grants listed) and the local runtime loads the same handler module in-process.
 */
export type TableAccess = 'none' | 'read' | 'read-write';

export interface FunctionDefinition {
  /** kebab-case verb-noun; the folder `functions/<name>/handler.ts`. */
  name: string;
  description: string;
  table: TableAccess;
  /** Publishes events to the bus (ccc.compliance). */
  publishesEvents?: boolean;
  /** Places vendor contacts, so it reads the vendor mapping (`VENDOR_MAPPING`, validated at deployment). */
  needsVendorMapping?: boolean;
  memoryMb?: number;
  timeoutSeconds?: number;
}

export const functionCatalog: readonly FunctionDefinition[] = [
  {
    name: 'record-contact-completed',
    description: 'Records a finished contact (contact.completed) exactly once',
    table: 'read-write',
  },
  { name: 'get-health', description: 'API liveness', table: 'none', memoryMb: 128 },
  { name: 'serve-api-docs', description: 'The OpenAPI document and its page', table: 'none', memoryMb: 256 },
  { name: 'verify-ledger', description: "Recomputes a tenant's evidence-ledger hash chain", table: 'read' },
  { name: 'get-agreement', description: "A tenant's agreement in force and its history", table: 'read' },
  {
    name: 'put-agreement',
    description: "Adds a version of a tenant's agreement (and its ledger entry)",
    table: 'read-write',
  },
  { name: 'get-kpis', description: 'KPI series and intraday intervals from the aggregates', table: 'read' },
  {
    name: 'translate-connect-contact-event',
    description: 'Assembles Amazon Connect contact events into one contact.completed per contact',
    table: 'read-write',
    publishesEvents: true,
    needsVendorMapping: true,
  },
  {
    name: 'translate-genesys-conversation',
    description: 'Assembles Genesys Cloud conversation events into one contact.completed per conversation',
    table: 'read-write',
    publishesEvents: true,
    needsVendorMapping: true,
  },
  {
    name: 'translate-expired-assemblies',
    description: 'Finishes or reports vendor contacts whose last event never came (scheduled sweep)',
    table: 'read-write',
    publishesEvents: true,
    needsVendorMapping: true,
    timeoutSeconds: 120,
  },
  {
    name: 'ingest-connect-ctr-stream',
    description: 'Records Amazon Connect contact records from the CTR Kinesis stream',
    table: 'read-write',
    needsVendorMapping: true,
    timeoutSeconds: 60,
  },
];

export function handlerEntry(name: string): string {
  return `functions/${name}/handler.ts`;
}
