import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, paginateQuery, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ChainVerdict,
  ChainVerifier,
  GENESIS_HASH,
  type LedgerEntry,
  sealEntry,
} from '../domain/ledger/hash-chain.js';
import { tenantPrefix } from './keys.js';

export interface LedgerAppend {
  tenantId: string;
  occurredAt: string;
  actor: string;
  kind: string;
  payload: Record<string, unknown>;
}

/** Port: the append-only evidence ledger. */
export interface EvidenceLedger {
  append(entry: LedgerAppend): Promise<LedgerEntry>;
}

const ledgerKeys = {
  head: (tenantId: string) => ({ pk: `${tenantPrefix(tenantId)}#LEDGER`, sk: 'HEAD' }),
  entry: (tenantId: string, sequence: number) => ({
    pk: `${tenantPrefix(tenantId)}#LEDGER`,
    sk: `E#${String(sequence).padStart(12, '0')}`,
  }),
};

const MAX_ATTEMPTS = 25;

/**
 * The ledger in the single table: a head item (sequence, hash) per tenant and one item per entry. An append moves
 * the head with a condition on the sequence it read, in the same transaction that writes the entry, so two
 * concurrent appends can never both chain onto the same predecessor: the loser re-reads the head and tries again.
 */
export class DynamoLedgerRepository implements EvidenceLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async append(entry: LedgerAppend): Promise<LedgerEntry> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const head = await this.head(entry.tenantId);
      const sealed = sealEntry({
        ...entry,
        sequence: head.sequence + 1,
        recordedAt: this.now().toISOString(),
        previousHash: head.hash,
      });
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...ledgerKeys.head(entry.tenantId),
                    entity: 'ledger-head',
                    v: 1,
                    sequence: sealed.sequence,
                    hash: sealed.hash,
                  },
                  ConditionExpression: head.sequence === 0 ? 'attribute_not_exists(pk)' : '#sequence = :expected',
                  ...(head.sequence === 0
                    ? {}
                    : {
                        ExpressionAttributeNames: { '#sequence': 'sequence' },
                        ExpressionAttributeValues: { ':expected': head.sequence },
                      }),
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...ledgerKeys.entry(entry.tenantId, sealed.sequence),
                    entity: 'ledger-entry',
                    v: 1,
                    ...sealed,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
        return sealed;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** Math.min(attempt, 5)));
      }
    }
    throw new Error(`ledger append for ${entry.kind} lost ${MAX_ATTEMPTS} races in a row`);
  }

  /** Recomputes the whole chain, page by page, in sequence order. */
  async verify(tenantId: string): Promise<ChainVerdict> {
    const verifier = new ChainVerifier();
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':pk': ledgerKeys.head(tenantId).pk, ':e': 'E#' },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) verifier.push(item as LedgerEntry);
    return verifier.verdict();
  }

  private async head(tenantId: string): Promise<{ sequence: number; hash: string }> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: ledgerKeys.head(tenantId), ConsistentRead: true }),
    );
    return out.Item === undefined
      ? { sequence: 0, hash: GENESIS_HASH }
      : { sequence: out.Item.sequence, hash: out.Item.hash };
  }
}

export { ledgerKeys };
