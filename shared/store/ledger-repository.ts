import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import pRetry from 'p-retry';
import type { Clock } from '../../events/envelope.js';
import { LEDGER_COMMIT_RETRY } from '../app/budgets.js';
import { ContentionError } from '../app/contention.js';
import type { CommittedChange, Evidence, EvidenceLedger, PreparedChange } from '../app/evidence-ledger.js';
import type { KindPage, KindQuery, LedgerByKind } from '../app/recording-access-log.js';
import type { LedgerReader } from '../app/verify-ledger.js';
import { type ChainHead, GENESIS_HASH, type LedgerEntry, sealEntry } from '../domain/ledger/hash-chain.js';
import { tenantPrefix } from './keys.js';

export type { CommittedChange, Evidence, EvidenceLedger, PreparedChange };
export { ContentionError };

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const LEDGER_HEADS_INDEX = 'T#_ops#LEDGER-HEADS';

const ledgerKeys = {
  partition: (tenantId: string) => `${tenantPrefix(tenantId)}#LEDGER`,
  head: (tenantId: string) => ({ pk: ledgerKeys.partition(tenantId), sk: 'HEAD' }),
  entry: (tenantId: string, sequence: number) => ({
    pk: ledgerKeys.partition(tenantId),
    sk: `E#${String(sequence).padStart(12, '0')}`,
  }),
  /** gsi1: every tenant's head, for the anchoring job. */
  heads: LEDGER_HEADS_INDEX,
};

/**
 * The ledger in the single table: a head item (sequence, hash) per tenant and one item per entry. A commit moves the
 * head with a condition on the sequence it read, in the same transaction as the entry and the change it evidences,
 * so two concurrent writers can never both chain onto the same predecessor, and a change never lands without its
 * entry: the loser prepares again from fresh reads.
 */
export class DynamoLedgerRepository implements EvidenceLedger, LedgerReader, LedgerByKind {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: Clock = () => new Date(),
  ) {}

  async commit<T>(tenantId: string, prepare: () => Promise<PreparedChange<T>>): Promise<CommittedChange<T>> {
    // What the previous attempt sealed: one reported as cancelled may have committed all the same (the SDK retried a
    // request that had landed, and the retry failed its own conditions), so each retry first looks for its entry.
    // Only the previous one: an earlier attempt was looked for by the retry after it, and cannot land any more.
    let sealed: (CommittedChange<T> & { entry: LedgerEntry }) | undefined;
    const attempt = async (): Promise<CommittedChange<T>> => {
      if (sealed !== undefined && (await this.landed(tenantId, sealed))) return sealed;
      const [head, prepared] = await Promise.all([this.head(tenantId), prepare()]);
      if ('unchanged' in prepared) return { result: prepared.result };
      if (prepared.evidence.tenantId !== tenantId) throw new RangeError('evidence of another tenant');
      const entry = this.seal(prepared.evidence, head);
      sealed = { result: prepared.result, entry };
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [...(prepared.items as TransactItem[]), ...this.entryItems(entry, head)],
        }),
      );
      return { result: prepared.result, entry };
    };
    try {
      // Any cancellation means a concurrent writer moved the head (or the state prepared from): read and prepare again.
      return await pRetry(attempt, {
        ...LEDGER_COMMIT_RETRY,
        shouldRetry: ({ error }) => error instanceof TransactionCanceledException,
      });
    } catch (error) {
      if (error instanceof TransactionCanceledException) throw new ContentionError(`a change to ${tenantId}`);
      throw error;
    }
  }

  async append(evidence: Evidence): Promise<LedgerEntry> {
    const { entry } = await this.commit(evidence.tenantId, async () => ({ items: [], evidence, result: undefined }));
    return entry as LedgerEntry;
  }

  /** Every entry of a tenant, in sequence order, page by page, strongly consistent. */
  async *entries(tenantId: string): AsyncGenerator<LedgerEntry> {
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':pk': ledgerKeys.partition(tenantId), ':e': 'E#' },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) yield item as LedgerEntry;
  }

  /**
   * A tenant's entries of one kind in an `occurredAt` window, newest first (`sk` descending): the filter returns the
   * matching entries and any entry recorded before `stopBefore`, and the first of those ends the read, so it costs
   * the entries since then, not the ledger. Reads stop after `maxReads` entries (DynamoDB's `ScannedCount`, filtered
   * ones included); the page then ends where the reads did, with fewer entries than `limit`.
   */
  async newestOfKind(tenantId: string, query: KindQuery): Promise<KindPage> {
    if (query.beforeSequence !== undefined && query.beforeSequence <= 1) return { entries: [] };
    const pk = ledgerKeys.partition(tenantId);
    const last = query.beforeSequence === undefined ? 'E#~' : ledgerKeys.entry(tenantId, query.beforeSequence - 1).sk;
    const entries: LedgerEntry[] = [];
    let reads = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
          FilterExpression: '(#kind = :kind AND #occurred >= :from AND #occurred < :to) OR #recorded < :stop',
          ExpressionAttributeNames: { '#kind': 'kind', '#occurred': 'occurredAt', '#recorded': 'recordedAt' },
          ExpressionAttributeValues: {
            ':pk': pk,
            ':first': 'E#',
            ':last': last,
            ':kind': query.kind,
            ':from': query.from,
            ':to': query.to,
            ':stop': query.stopBefore,
          },
          ScanIndexForward: false,
          ConsistentRead: true,
          Limit: query.maxReads - reads,
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      reads += out.ScannedCount ?? 0;
      for (const item of out.Items ?? []) {
        const entry = item as LedgerEntry;
        if (entry.recordedAt < query.stopBefore) return { entries };
        entries.push(entry);
        if (entries.length === query.limit) return { entries, nextBefore: entry.sequence };
      }
      start = out.LastEvaluatedKey;
    } while (start !== undefined && reads < query.maxReads);
    // The last entry read is where the next page starts below; below the first entry there is nothing.
    const next = start === undefined ? 1 : Number(String(start.sk).slice(2));
    return next > 1 ? { entries, nextBefore: next } : { entries };
  }

  /** Every tenant's head (eventually consistent: an anchor may record a head a moment old, which is still true). */
  async *heads(): AsyncGenerator<ChainHead & { tenantId: string }> {
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': ledgerKeys.heads },
      },
    );
    for await (const page of pages)
      for (const item of page.Items ?? [])
        yield { tenantId: item.tenantId as string, sequence: item.sequence as number, hash: item.hash as string };
  }

  private seal(evidence: Evidence, head: ChainHead): LedgerEntry {
    return sealEntry({
      format: 2,
      ...evidence,
      contentBefore: evidence.contentBefore ?? null,
      contentAfter: evidence.contentAfter ?? null,
      sequence: head.sequence + 1,
      recordedAt: this.now().toISOString(),
      previousHash: head.hash,
    });
  }

  private entryItems(entry: LedgerEntry, head: ChainHead): TransactItem[] {
    const first = head.sequence === 0;
    return [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...ledgerKeys.head(entry.tenantId),
            gsi1pk: ledgerKeys.heads,
            gsi1sk: entry.tenantId,
            entity: 'ledger-head',
            v: 1,
            tenantId: entry.tenantId,
            sequence: entry.sequence,
            hash: entry.hash,
          },
          ConditionExpression: first ? 'attribute_not_exists(pk)' : '#sequence = :expected',
          ...(first
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
          Item: { ...ledgerKeys.entry(entry.tenantId, entry.sequence), entity: 'ledger-entry', v: 1, ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
  }

  /**
   * True when an attempt's entry is in the chain: an entry's hash covers its content, time and request, so a stored
   * entry with the sealed hash is that attempt's, and its change (same transaction) is in too.
   */
  private async landed(tenantId: string, attempt: { entry: LedgerEntry }): Promise<boolean> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: ledgerKeys.entry(tenantId, attempt.entry.sequence),
        ProjectionExpression: '#hash',
        ExpressionAttributeNames: { '#hash': 'hash' },
        ConsistentRead: true,
      }),
    );
    return out.Item?.hash === attempt.entry.hash;
  }

  /** A tenant's head as stored, strongly consistent; `undefined` before its first entry. */
  async storedHead(tenantId: string): Promise<ChainHead | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: ledgerKeys.head(tenantId), ConsistentRead: true }),
    );
    return out.Item === undefined ? undefined : { sequence: out.Item.sequence, hash: out.Item.hash };
  }

  private async head(tenantId: string): Promise<ChainHead> {
    return (await this.storedHead(tenantId)) ?? { sequence: 0, hash: GENESIS_HASH };
  }
}

export { ledgerKeys };
