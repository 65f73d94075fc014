/**
 * Finds every partition-key value a DynamoDB request names (the table's, or for a query of an index, the index's), in document-client or marshalled form, so that `tenant-scope.ts` can check each one. A value
 * that cannot be read is reported as `undefined`, and a request that names none (Scan, PartiQL) yields nothing:
 * both are refused there, because what cannot be checked is not let through.
 */

/** The key attributes of the single table (`shared/store/table.ts`). */
export interface TableKeys {
  partitionKey: string;
  globalSecondaryIndexes: readonly { indexName: string; partitionKey: string }[];
}

type Input = Record<string, unknown>;

function record(value: unknown): Input | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Input) : undefined;
}

/** A string attribute as the document client takes it (`'T#a#X'`) or as DynamoDB does (`{ S: 'T#a#X' }`). */
function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const s = record(value)?.S;
  return typeof s === 'string' ? s : undefined;
}

function keyOf(key: unknown, table: TableKeys): (string | undefined)[] {
  return [stringOf(record(key)?.[table.partitionKey])];
}

/**
 * The table's partition key of a written item. Its index keys are not checked: some indexes span tenants on purpose
 * (every tenant's ledger head, every dead letter), and what a tenant may read through them is decided by the query,
 * whose index key is checked.
 */
function itemKeys(item: unknown, table: TableKeys): (string | undefined)[] {
  return [stringOf(record(item)?.[table.partitionKey])];
}

const EQUALITY = /(#[A-Za-z0-9_]+|[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(:[A-Za-z0-9_]+)/g;

/** The value a query's key condition gives the partition key of the table or of the index it reads. */
function queryKey(input: Input, table: TableKeys): string | undefined {
  const indexName = input.IndexName;
  const attribute =
    indexName === undefined
      ? table.partitionKey
      : table.globalSecondaryIndexes.find((index) => index.indexName === indexName)?.partitionKey;
  const expression = input.KeyConditionExpression;
  if (attribute === undefined || typeof expression !== 'string') return undefined;
  const names = record(input.ExpressionAttributeNames) ?? {};
  const values = record(input.ExpressionAttributeValues) ?? {};
  for (const [, name, placeholder] of expression.matchAll(EQUALITY)) {
    const resolved = name?.startsWith('#') ? names[name] : name;
    if (resolved === attribute && placeholder !== undefined) return stringOf(values[placeholder]);
  }
  return undefined;
}

function transactKeys(items: unknown[], table: TableKeys): (string | undefined)[] {
  return items.flatMap((entry) => {
    const { Put, Get, Update, Delete, ConditionCheck } = record(entry) ?? {};
    if (Put !== undefined) return itemKeys(record(Put)?.Item, table);
    const keyed = Get ?? Update ?? Delete ?? ConditionCheck;
    return keyed === undefined ? [undefined] : keyOf(record(keyed)?.Key, table);
  });
}

function batchKeys(requestItems: Input, table: TableKeys): (string | undefined)[] {
  return Object.values(requestItems).flatMap((requests) => {
    if (Array.isArray(requests)) {
      // BatchWrite: put and delete requests.
      return requests.flatMap((request) => {
        const { PutRequest, DeleteRequest } = record(request) ?? {};
        if (PutRequest !== undefined) return itemKeys(record(PutRequest)?.Item, table);
        return DeleteRequest === undefined ? [undefined] : keyOf(record(DeleteRequest)?.Key, table);
      });
    }
    // BatchGet: { Keys: [...] }.
    const keys = record(requests)?.Keys;
    return Array.isArray(keys) ? keys.flatMap((key) => keyOf(key, table)) : [undefined];
  });
}

/** Every partition-key value `input` names; empty when it names none. */
export function scopedKeys(input: Input, table: TableKeys): (string | undefined)[] {
  if (Array.isArray(input.TransactItems)) return transactKeys(input.TransactItems, table);
  const requestItems = record(input.RequestItems);
  if (requestItems !== undefined) return batchKeys(requestItems, table);
  if (input.Item !== undefined) return itemKeys(input.Item, table);
  if (input.Key !== undefined) return keyOf(input.Key, table);
  if (input.KeyConditionExpression !== undefined || input.KeyConditions !== undefined) return [queryKey(input, table)];
  return [];
}
