import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

export type WriteOutcome = 'applied' | 'duplicate';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

const MAX_CONFLICT_RETRIES = 6;

/**
 * Writes `items` atomically, exactly once. The first item must be a Put guarded by `attribute_not_exists(pk)`:
 * it is the idempotency marker. If it already exists the whole write is a duplicate and nothing changes, which is
 * what makes replays, retries and concurrent duplicates harmless. Conflicting concurrent transactions are retried.
 */
export async function writeOnce(db: DynamoDBDocumentClient, items: TransactItems): Promise<WriteOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return 'applied';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((r) => r.Code);
      if (codes[0] === 'ConditionalCheckFailed') return 'duplicate';
      if (codes.includes('TransactionConflict') && attempt < MAX_CONFLICT_RETRIES) {
        await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * (0.5 + Math.random())));
        continue;
      }
      throw error;
    }
  }
}
