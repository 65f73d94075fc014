import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let meters = 0;

/**
 * Asks DynamoDB to report the capacity every write consumes (ReturnConsumedCapacity TOTAL) and adds it up, without
 * touching the product's code: a middleware on the client the bench hands to the product.
 */
export function meterWriteCapacity(client: DynamoDBDocumentClient) {
  const totals = { writeUnits: 0, requests: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      if (/Get|Query|Scan/.test(context.commandName ?? '')) return result;
      const output = result.output as { ConsumedCapacity?: unknown };
      const consumed = [output.ConsumedCapacity ?? []].flat() as Array<{
        WriteCapacityUnits?: number;
        CapacityUnits?: number;
      }>;
      for (const c of consumed) totals.writeUnits += c.WriteCapacityUnits ?? c.CapacityUnits ?? 0;
      totals.requests++;
      return result;
    },
    { step: 'initialize', name: `benchCapacityMeter${++meters}` },
  );
  return totals;
}
