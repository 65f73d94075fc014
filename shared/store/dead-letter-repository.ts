import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DeadLetter, DeadLetterSink } from '../app/dead-letters.js';
import { keys } from './keys.js';

export type { DeadLetter, DeadLetterSink };

const RETENTION_DAYS = 30;

export class DynamoDeadLetterRepository implements DeadLetterSink {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(deadLetter: DeadLetter): Promise<void> {
    const expiresAt = Math.floor(Date.parse(deadLetter.receivedAt) / 1000) + RETENTION_DAYS * 86_400;
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.deadLetter(deadLetter.tenantId, deadLetter.receivedAt, deadLetter.id),
          gsi1pk: keys.deadLettersAll,
          gsi1sk: `${deadLetter.receivedAt}#${deadLetter.id}`,
          entity: 'dead-letter',
          v: 1,
          expiresAt,
          ...deadLetter,
        },
      }),
    );
  }

  /**
   * The most recent dead letters across tenants (operator view), newest first, and whether older ones exist beyond
   * `limit` (kept for 30 days: there may be far more than a screenful).
   */
  async listRecent(limit = 50): Promise<{ deadLetters: DeadLetter[]; more: boolean }> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.deadLettersAll },
        ScanIndexForward: false,
        // One more than asked: its presence says there are more, without a second query or a count.
        Limit: limit + 1,
      }),
    );
    const items = out.Items ?? [];
    const deadLetters = items.slice(0, limit).map((item) => ({
      id: item.id,
      receivedAt: item.receivedAt,
      tenantId: item.tenantId,
      source: item.source,
      detailType: item.detailType,
      reason: item.reason,
      issues: item.issues,
      event: item.event,
    }));
    // A page cut at 1 MB before the limit also leaves some unread.
    return { deadLetters, more: items.length > limit || out.LastEvaluatedKey !== undefined };
  }
}
