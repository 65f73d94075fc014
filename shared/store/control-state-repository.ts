/**
 * Control states (`keys.controlState`) and their transition history. A state is written conditioned on the revision
 * it was read at. A history item is one transition, in the control's partition (`sk = H#<at>`), and listed for the
 * whole tenant through gsi1 (`T#<t>#CONTROL-HISTORY`, `<at>#<controlId>`); while its `control.breached` /
 * `control.restored` event is not yet published it also sits in the sparse gsi2 partition
 * `T#<t>#CONTROL-UNPUBLISHED`, which the next evaluation reads to publish it (shared/app/control-keeper.ts).
 */
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { StoredControl } from '../app/agent-competence.js';
import type { OutgoingEvent } from '../app/assemble-vendor-contact.js';
import type { ControlHistoryStore, PendingTransition } from '../app/control-keeper.js';
import type { ControlHistoryEntry, ControlState } from '../app/control-state.js';
import { keys, tenantPrefix } from './keys.js';
import type { TransactItem } from './ledger-repository.js';

const ITEM_ONLY = new Set(['pk', 'sk', 'entity', 'v', 'revision', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']);
const HISTORY_ONLY = new Set([...ITEM_ONLY, 'event', 'published']);

export const historyKeys = {
  /** One transition of a control, in the control's partition beside its state. */
  entry: (tenantId: string, controlId: string, at: string) => ({
    pk: `${tenantPrefix(tenantId)}#CONTROL#${controlId}`,
    sk: `H#${at}`,
  }),
  /** gsi1: every transition of a tenant, `gsi1sk = <at>#<controlId>` (the history window of the evidence pack). */
  tenant: (tenantId: string) => `${tenantPrefix(tenantId)}#CONTROL-HISTORY`,
  /** gsi2 (sparse): the transitions whose event is not yet published, `gsi2sk = <at>#<controlId>`. */
  unpublished: (tenantId: string) => `${tenantPrefix(tenantId)}#CONTROL-UNPUBLISHED`,
};

function strip(item: Record<string, unknown>, drop: ReadonlySet<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !drop.has(k)));
}

/** The state item of a control, as every writer of control states builds it. */
export function controlStateItem(state: ControlState, revision: number): Record<string, unknown> {
  return { ...keys.controlState(state.tenantId, state.controlId), entity: 'control-state', v: 1, revision, ...state };
}

/**
 * Condition on the revision read. Revision 0 is a state stored without one (an older real-time write): it must still
 * be without one.
 */
function revisionCondition(revision: number | undefined) {
  if (revision === undefined) return { ConditionExpression: 'attribute_not_exists(pk)' };
  if (revision === 0) return { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revision)' };
  return { ConditionExpression: 'revision = :revision', ExpressionAttributeValues: { ':revision': revision } };
}

/** A history item; `event` (the transition's event, if it has one) is kept until it is published. */
export function historyItem(tableName: string, entry: ControlHistoryEntry, event?: OutgoingEvent): TransactItem {
  const sortKey = `${entry.at}#${entry.controlId}`;
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...historyKeys.entry(entry.tenantId, entry.controlId, entry.at),
        entity: 'control-history',
        v: 1,
        ...entry,
        gsi1pk: historyKeys.tenant(entry.tenantId),
        gsi1sk: sortKey,
        ...(event === undefined
          ? { published: true }
          : { published: false, event, gsi2pk: historyKeys.unpublished(entry.tenantId), gsi2sk: sortKey }),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** A page of one control's history, newest first. */
export interface HistoryPage {
  entries: ControlHistoryEntry[];
  /** The `at` to continue before, when there is more. */
  next?: string;
}

export class ControlStateRepository implements ControlHistoryStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The stored states of `controlIds` (at most 100), strongly consistent; a control never evaluated is absent. */
  async states(tenantId: string, controlIds: readonly string[]): Promise<Map<string, ControlState>> {
    const found = new Map<string, ControlState>();
    let pending: Record<string, unknown>[] = controlIds.map((id) => keys.controlState(tenantId, id));
    for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
      const out = await this.db.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of out.Responses?.[this.tableName] ?? []) {
        const state = strip(item, ITEM_ONLY) as unknown as ControlState;
        found.set(state.controlId, state);
      }
      pending = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
      if (pending.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
    if (pending.length > 0) throw new Error('the store left control states unread; retry');
    return found;
  }

  /** One state with its revision (0: stored without one), strongly consistent. */
  async controlState(tenantId: string, controlId: string): Promise<StoredControl | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.controlState(tenantId, controlId), ConsistentRead: true }),
    );
    if (out.Item === undefined) return undefined;
    return { state: strip(out.Item, ITEM_ONLY) as unknown as ControlState, revision: Number(out.Item.revision ?? 0) };
  }

  controlWrite(state: ControlState, previousRevision: number | undefined): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: controlStateItem(state, (previousRevision ?? 0) + 1),
        ...revisionCondition(previousRevision),
      },
    };
  }

  historyWrite(entry: ControlHistoryEntry, event?: OutgoingEvent): TransactItem {
    return historyItem(this.tableName, entry, event);
  }

  /**
   * Every transition of the tenant (or of one control) with `from <= at < to`, oldest first, at most `limit` (1000).
   * From the index for the whole tenant (eventually consistent), from the control's partition for one.
   */
  async history(
    tenantId: string,
    window: { from: string; to: string; controlId?: string },
    limit = 1000,
  ): Promise<ControlHistoryEntry[]> {
    const entries: ControlHistoryEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          ...(window.controlId === undefined
            ? {
                IndexName: 'gsi1',
                KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :from AND :to',
                ExpressionAttributeValues: {
                  ':p': historyKeys.tenant(tenantId),
                  ':from': window.from,
                  // `<at>#<controlId>`: '#' sorts before every id character, so `<to>#` excludes `to` itself.
                  ':to': `${window.to}#`,
                },
              }
            : {
                KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
                ExpressionAttributeValues: {
                  ':p': historyKeys.entry(tenantId, window.controlId, '').pk,
                  ':from': `H#${window.from}`,
                  ':to': `H#${window.to}`,
                },
                ConsistentRead: true,
              }),
          Limit: limit - entries.length,
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      for (const item of out.Items ?? []) {
        const entry = strip(item, HISTORY_ONLY) as unknown as ControlHistoryEntry;
        if (entry.at >= window.from && entry.at < window.to) entries.push(entry);
      }
      start = out.LastEvaluatedKey;
    } while (start !== undefined && entries.length < limit);
    return entries;
  }

  /** One page of a control's history, newest first, strongly consistent; `before` continues a page. */
  async historyPage(tenantId: string, controlId: string, limit: number, before?: string): Promise<HistoryPage> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: {
          ':p': historyKeys.entry(tenantId, controlId, '').pk,
          ':lo': 'H#',
          ':hi': before === undefined ? 'H$' : `H#${before}`,
        },
        ScanIndexForward: false,
        ConsistentRead: true,
        // One more than asked: whether there is a next page, without an empty last one.
        Limit: limit + 2,
      }),
    );
    const entries = (out.Items ?? [])
      .map((item) => strip(item, HISTORY_ONLY) as unknown as ControlHistoryEntry)
      .filter((e) => before === undefined || e.at < before)
      .slice(0, limit + 1);
    const page = entries.slice(0, limit);
    const last = page[page.length - 1];
    return entries.length > limit && last !== undefined ? { entries: page, next: last.at } : { entries: page };
  }

  historyNonconformityWrite(tenantId: string, controlId: string, at: string, nonconformityId: string): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: historyKeys.entry(tenantId, controlId, at),
        UpdateExpression: 'SET nonconformityId = :nc, event.detail.nonconformityId = :nc',
        // Once: a second opening of the same breach finds it recorded and fails the transaction.
        ConditionExpression: 'attribute_exists(event) AND attribute_not_exists(nonconformityId)',
        ExpressionAttributeValues: { ':nc': nonconformityId },
      },
    };
  }

  /** Transitions whose event is not yet published (at most 100, oldest first). */
  async unpublished(tenantId: string): Promise<PendingTransition[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': historyKeys.unpublished(tenantId) },
        Limit: 100,
      }),
    );
    return (out.Items ?? []).map((item) => ({
      tenantId,
      controlId: item.controlId as string,
      at: item.at as string,
      event: item.event as OutgoingEvent,
    }));
  }

  /**
   * Records the ledger entry of a transition and, once its event is on the bus, that it is published (out of the
   * unpublished index). A transition already marked, or gone, is left as it is.
   */
  async settled(
    tenantId: string,
    controlId: string,
    at: string,
    outcome: { ledgerSequence?: number; published: boolean },
  ): Promise<void> {
    const sets = [
      ...(outcome.ledgerSequence === undefined ? [] : ['ledgerSequence = :s']),
      ...(outcome.published ? ['published = :t'] : []),
    ];
    if (sets.length === 0) return;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: historyKeys.entry(tenantId, controlId, at),
          UpdateExpression: `SET ${sets.join(', ')}${outcome.published ? ' REMOVE gsi2pk, gsi2sk, event' : ''}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: {
            ...(outcome.ledgerSequence === undefined ? {} : { ':s': outcome.ledgerSequence }),
            ...(outcome.published ? { ':t': true } : {}),
          },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
}
