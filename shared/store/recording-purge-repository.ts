/**
 * The retention purge's store (shared/app/purge-recordings.ts) on the single table: the due index (gsi1,
 * `keys.recordingsDue(day)`, across tenants, `gsi1sk = <deleteAfter>#<tenantId>#<contactId>`), the checkpoint
 * (`keys.purgeCheckpoint`) and the recordings themselves (recording-deletion-writes.ts).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { DueRecording, PurgeCheckpoint, RecordingPurgeStore } from '../app/purge-recordings.js';
import { keys } from './keys.js';
import { DynamoRecordingDeletions } from './recording-deletion-writes.js';

export class RecordingPurgeRepository extends DynamoRecordingDeletions implements RecordingPurgeStore {
  async checkpoint(): Promise<PurgeCheckpoint | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.purgeCheckpoint, ConsistentRead: true }),
    );
    return out.Item === undefined ? undefined : { day: out.Item.day as string, from: out.Item.from as string };
  }

  async saveCheckpoint(next: PurgeCheckpoint, at: Date): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.purgeCheckpoint, entity: 'purge-checkpoint', v: 1, ...next, at: at.toISOString() },
          ConditionExpression:
            'attribute_not_exists(pk) OR attribute_not_exists(#from) OR (#day <= :day AND #from >= :from)',
          ExpressionAttributeNames: { '#day': 'day', '#from': 'from' },
          ExpressionAttributeValues: { ':day': next.day, ':from': next.from },
        }),
      );
    } catch (error) {
      // A concurrent run got further: its checkpoint stands (what this one did is read again next time).
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async *due(day: string, before: Date): AsyncGenerator<DueRecording> {
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        // gsi1sk begins with deleteAfter (ISO 8601, UTC), so "before now" is a range on the sort key.
        KeyConditionExpression: 'gsi1pk = :day AND gsi1sk < :before',
        ExpressionAttributeValues: { ':day': keys.recordingsDue(day), ':before': before.toISOString() },
        ProjectionExpression: 'tenantId, contactId',
      },
    );
    for await (const page of pages)
      for (const item of page.Items ?? [])
        yield { tenantId: item.tenantId as string, contactId: item.contactId as string };
  }
}
