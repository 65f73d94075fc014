/**
 * Legal holds in the single table: the recording item (recording-items.ts), written whole from its new state with a
 * condition on the state it was read in, and the customer hold item (`keys.customerHold`), which ingestion reads so
 * that a recording arriving later is held too. A data subject's recordings are found on gsi2
 * (`keys.recordingsByCustomer`) and then read in batches, strongly consistent, since each write is conditioned on
 * what was read.
 */
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { LegalHoldStore } from '../app/legal-holds.js';
import type { CustomerHold, RecordingMetadata } from '../app/recordings.js';
import { keys } from './keys.js';
import type { TransactItem } from './ledger-repository.js';
import { recordingFromItem, recordingItem } from './recording-items.js';

export const CUSTOMER_HOLD_ENTITY = 'customer-hold';

const ITEM_ONLY = new Set(['pk', 'sk', 'entity', 'v']);

/** Keys one BatchGetItem reads at most. */
const BATCH_GET_KEYS = 100;

/** The UTC day of an instant, as the purge index names its partitions (`keys.recordingsDue`). */
const utcDay = (instant: string) => new Date(instant).toISOString().slice(0, 10);

/**
 * The recording item of `state`, indexed for the purge no earlier than `today`: the purge works through due days up
 * to today from its checkpoint, so a recording released after its `deleteAfter` day (when it was held, it was not in
 * that day's partition) would otherwise never be reached. `gsi1sk` keeps `deleteAfter` first, as recordingItem() sets it.
 */
export function releasedRecordingItem(state: RecordingMetadata, today: string): Record<string, unknown> {
  const item = recordingItem(state);
  if (item.gsi1pk !== undefined && today !== '' && utcDay(state.deleteAfter) < today)
    item.gsi1pk = keys.recordingsDue(today);
  return item;
}

/** The condition that `before` is still the stored state: status, hold flag and which hold, if any. */
function unchangedSince(before: RecordingMetadata) {
  const names: Record<string, string> = { '#status': 'status', '#legalHold': 'legalHold', '#hold': 'hold' };
  const values: Record<string, unknown> = { ':status': before.status, ':held': before.legalHold };
  let hold = 'attribute_not_exists(#hold)';
  if (before.hold !== undefined) {
    Object.assign(names, { '#scope': 'scope', '#at': 'at' });
    Object.assign(values, { ':scope': before.hold.scope, ':at': before.hold.at });
    hold = '#hold.#scope = :scope AND #hold.#at = :at';
  }
  return {
    ConditionExpression: `#status = :status AND #legalHold = :held AND ${hold}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

export class LegalHoldRepository implements LegalHoldStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recording(tenantId: string, contactId: string): Promise<RecordingMetadata | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.recording(tenantId, contactId), ConsistentRead: true }),
    );
    return out.Item === undefined ? undefined : recordingFromItem(out.Item);
  }

  async customerHold(tenantId: string, customerRef: string): Promise<CustomerHold | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.customerHold(tenantId, customerRef),
        ConsistentRead: true,
      }),
    );
    if (out.Item === undefined) return undefined;
    return Object.fromEntries(Object.entries(out.Item).filter(([k]) => !ITEM_ONLY.has(k))) as unknown as CustomerHold;
  }

  async recordingsOf(tenantId: string, customerRef: string): Promise<RecordingMetadata[]> {
    const contactIds: string[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :subject',
        ExpressionAttributeValues: { ':subject': keys.recordingsByCustomer(tenantId, customerRef) },
        ProjectionExpression: 'contactId',
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) contactIds.push(item.contactId as string);
    const recordings: RecordingMetadata[] = [];
    for (let i = 0; i < contactIds.length; i += BATCH_GET_KEYS)
      recordings.push(
        ...(await this.batchGet(contactIds.slice(i, i + BATCH_GET_KEYS).map((id) => keys.recording(tenantId, id)))),
      );
    // The index may name a recording a moment after its subject was erased from it: keep only what still names it.
    return recordings
      .filter((r) => r.customerRef === customerRef)
      .sort((a, b) => (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0));
  }

  /** The recordings at `wanted` keys, strongly consistent, reading again what DynamoDB left unprocessed. */
  private async batchGet(wanted: Array<{ pk: string; sk: string }>): Promise<RecordingMetadata[]> {
    const found: RecordingMetadata[] = [];
    let pending: Record<string, unknown>[] = wanted;
    for (let round = 0; pending.length > 0; round++) {
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** round)));
      const out = await this.db.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      found.push(...(out.Responses?.[this.tableName] ?? []).map(recordingFromItem));
      pending = out.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    return found;
  }

  recordingWrite(before: RecordingMetadata, after: RecordingMetadata, today: string): TransactItem {
    return { Put: { TableName: this.tableName, Item: releasedRecordingItem(after, today), ...unchangedSince(before) } };
  }

  customerHoldWrite(tenantId: string, customerRef: string, hold: CustomerHold | undefined): TransactItem {
    const key = keys.customerHold(tenantId, customerRef);
    if (hold === undefined)
      return { Delete: { TableName: this.tableName, Key: key, ConditionExpression: 'attribute_exists(pk)' } };
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...key, entity: CUSTOMER_HOLD_ENTITY, v: 1, ...hold },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }
}
