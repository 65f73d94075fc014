/** One conditioned write of a transaction's item on its own, when no ledger entry goes with it. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ConditionalWriter } from '../app/evaluate-competence.js';
import type { TransactItem } from './ledger-repository.js';

/**
 * A control's detail-only change: the store's conditioned put on its own (no ledger entry, so no transaction).
 */
export function conditionalWriter(db: DynamoDBDocumentClient): ConditionalWriter {
  return {
    async write(item) {
      const put = (item as TransactItem).Put;
      if (put === undefined) throw new TypeError('only a Put can be written on its own');
      try {
        await db.send(new PutCommand(put as PutCommandInput));
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}
