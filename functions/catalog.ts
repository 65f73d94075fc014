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
];

export function handlerEntry(name: string): string {
  return `functions/${name}/handler.ts`;
}
