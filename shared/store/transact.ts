import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

import pRetry from 'p-retry';
import { TRANSACTION_CONFLICT_RETRY } from '../app/budgets.js';
import type { WriteOutcome } from '../app/write-outcome.js';

export type { WriteOutcome };

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** What a cancelled transaction says: the marker already written (a duplicate) or a conflict worth retrying. */
function cancellationCodes(error: TransactionCanceledException): Array<string | undefined> {
  return (error.CancellationReasons ?? []).map((r) => r.Code);
}

/**
 * Writes `items` atomically, exactly once. The first item must be a Put guarded by `attribute_not_exists(pk)`:
 * it is the idempotency marker. If it already exists the whole write is a duplicate and nothing changes, which is
 * what makes replays, retries and concurrent duplicates harmless. A transaction cancelled by a conflicting
 * concurrent one is retried within {@link TRANSACTION_CONFLICT_RETRY}; every other error is thrown at once.
 */
export async function writeOnce(db: DynamoDBDocumentClient, items: TransactItems): Promise<WriteOutcome> {
  return pRetry(
    async (): Promise<WriteOutcome> => {
      try {
        await db.send(new TransactWriteCommand({ TransactItems: items }));
        return 'applied';
      } catch (error) {
        if (error instanceof TransactionCanceledException && cancellationCodes(error)[0] === 'ConditionalCheckFailed')
          return 'duplicate';
        throw error;
      }
    },
    {
      ...TRANSACTION_CONFLICT_RETRY,
      shouldRetry: ({ error }) =>
        error instanceof TransactionCanceledException && cancellationCodes(error).includes('TransactionConflict'),
    },
  );
}
