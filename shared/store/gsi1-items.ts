/** Reading a whole gsi1 partition, the listing most repositories of the single table share (shared/store/table.ts). */
import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';

/** Every item of the gsi1 partition `gsi1pk` (optionally with `gsi1sk` between `from` and `to`), in `gsi1sk` order. */
export async function gsi1Items(
  db: DynamoDBDocumentClient,
  tableName: string,
  gsi1pk: string,
  from?: string,
  to?: string,
): Promise<Record<string, unknown>[]> {
  const range = from !== undefined && to !== undefined ? ' AND gsi1sk BETWEEN :from AND :to' : '';
  const pages = paginateQuery(
    { client: db },
    {
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: `gsi1pk = :p${range}`,
      ExpressionAttributeValues: { ':p': gsi1pk, ...(range === '' ? {} : { ':from': from, ':to': to }) },
    },
  );
  const items: Record<string, unknown>[] = [];
  for await (const page of pages) items.push(...(page.Items ?? []));
  return items;
}
