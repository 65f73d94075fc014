import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Asks DynamoDB to report the capacity every write consumes (ReturnConsumedCapacity TOTAL) and adds it up, without
 * touching the product's code: a middleware on the client the bench hands to the product.
 */
let meters = 0;

export function meterWriteCapacity(client: DynamoDBDocumentClient) {
  const totals = { writeUnits: 0, readUnits: 0, requests: 0 };
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: unknown };
      const consumed = [output.ConsumedCapacity ?? []].flat() as Array<{
        WriteCapacityUnits?: number;
        ReadCapacityUnits?: number;
        CapacityUnits?: number;
      }>;
      for (const c of consumed) {
        totals.writeUnits += c.WriteCapacityUnits ?? 0;
        totals.readUnits += c.ReadCapacityUnits ?? 0;
      }
      totals.requests++;
      return result;
    },
    { step: 'initialize', name: `benchCapacityMeter${++meters}` },
  );
  return totals;
}
