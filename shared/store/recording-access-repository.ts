/**
 * Accesses to recordings in the single table (docs/access-patterns.md, recordings): one item per access in the
 * recording's partition (`sk = ACCESS#<at>#<accessId>`, so a recording's log reads in time order and outlives the
 * recording), indexed on gsi1 by person (`keys.recordingAccessesBy`, `gsi1sk = <at>#<accessId>`) for the hourly
 * bulk-access count; and the control state item of DP-REC-ACCESS. The access is written with a condition on the
 * recording still being stored, in the transaction of its ledger entry.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { OutgoingEvent } from '../app/assemble-vendor-contact.js';
import type { ControlHistoryEntry } from '../app/control-state.js';
import type { ControlState, RecordingAccessRecord, RecordingAccessStore } from '../app/recording-access.js';
import type { RecordingMetadata } from '../app/recordings.js';
import { historyItem } from './control-state-repository.js';
import { keys } from './keys.js';
import { ledgerKeys, type TransactItem } from './ledger-repository.js';
import { recordingFromItem } from './recording-items.js';

export const RECORDING_ACCESS_ENTITY = 'recording-access';
export const CONTROL_STATE_ENTITY = 'control-state';

const ITEM_ONLY = new Set(['pk', 'sk', 'entity', 'v', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']);

function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_ONLY.has(k)));
}

/** The access item: `expiresAt` stays an ISO string, which the table's TTL (a number attribute) ignores. */
export function recordingAccessItem(access: RecordingAccessRecord): Record<string, unknown> {
  return {
    ...keys.recordingAccess(access.tenantId, access.contactId, access.at, access.accessId),
    gsi1pk: keys.recordingAccessesBy(access.tenantId, access.actor),
    gsi1sk: `${access.at}#${access.accessId}`,
    entity: RECORDING_ACCESS_ENTITY,
    v: 1,
    ...access,
  };
}

export function controlStateItem(state: ControlState): Record<string, unknown> {
  return { ...keys.controlState(state.tenantId, state.controlId), entity: CONTROL_STATE_ENTITY, v: 1, ...state };
}

export class RecordingAccessRepository implements RecordingAccessStore {
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

  /** From gsi1, so eventually consistent: an access a moment old may be missed, which only delays the flag. */
  async recentAccesses(tenantId: string, actor: string, since: string): Promise<string[]> {
    const contactIds: string[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :by AND gsi1sk >= :since',
        ExpressionAttributeValues: { ':by': keys.recordingAccessesBy(tenantId, actor), ':since': since },
        ProjectionExpression: 'contactId',
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) contactIds.push(item.contactId as string);
    return contactIds;
  }

  async controlState(tenantId: string, controlId: string): Promise<ControlState | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.controlState(tenantId, controlId), ConsistentRead: true }),
    );
    return out.Item === undefined ? undefined : (withoutKeys(out.Item) as unknown as ControlState);
  }

  async nextLedgerSequence(tenantId: string): Promise<number> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: ledgerKeys.head(tenantId), ConsistentRead: true }),
    );
    return ((out.Item?.sequence as number | undefined) ?? 0) + 1;
  }

  accessWrites(access: RecordingAccessRecord, control: ControlState | undefined): TransactItem[] {
    const items: TransactItem[] = [
      {
        // Not a write of the recording (its item stays as ingestion and holds wrote it): a check that it is stored.
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.recording(access.tenantId, access.contactId),
          ConditionExpression: '#status = :stored',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':stored': 'stored' },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: recordingAccessItem(access),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (control !== undefined) items.push({ Put: { TableName: this.tableName, Item: controlStateItem(control) } });
    return items;
  }

  async correctLedgerSequence(access: RecordingAccessRecord, sequence: number): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.recordingAccess(access.tenantId, access.contactId, access.at, access.accessId),
        UpdateExpression: 'SET ledgerSequence = :sequence',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':sequence': sequence },
      }),
    );
  }

  historyWrite(entry: ControlHistoryEntry, event?: OutgoingEvent): TransactItem {
    return historyItem(this.tableName, entry, event);
  }

  async accessLog(
    tenantId: string,
    contactId: string,
    page: { limit: number; after?: Record<string, unknown> },
  ): Promise<{ accesses: RecordingAccessRecord[]; next?: Record<string, unknown> }> {
    const { pk } = keys.recording(tenantId, contactId);
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :access)',
        ExpressionAttributeValues: { ':pk': pk, ':access': 'ACCESS#' },
        ScanIndexForward: false,
        Limit: page.limit,
        ConsistentRead: true,
        ...(page.after === undefined ? {} : { ExclusiveStartKey: { pk, sk: String(page.after.sk) } }),
      }),
    );
    const accesses = (out.Items ?? []).map((item) => withoutKeys(item) as unknown as RecordingAccessRecord);
    const last = out.LastEvaluatedKey;
    return { accesses, ...(last === undefined ? {} : { next: { sk: last.sk } }) };
  }
}
