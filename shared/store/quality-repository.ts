/**
 * Audits and nonconformities (shared/app/quality-records.ts) on the single table: one item per audit, listed per
 * tenant by completion date through gsi1; one item per nonconformity with its actions and steps, listed per tenant and
 * lifecycle (open: not closed, by closure date; closed: by closing time) through gsi1; and per control a marker naming
 * the last nonconformity its breach opened, so that a breach opens one only while none is open. Every nonconformity
 * write is conditioned on the revision it was prepared from. The keys are built here (docs/access-patterns.md).
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BreachInput, BreachNonconformities, QualityStore, StoredNonconformity } from '../app/quality-records.js';
import { openFromBreach } from '../domain/quality/nonconformity-workflow.js';
import type { AuditRecord, Nonconformity } from '../domain/quality/quality-records.js';
import { gsi1Items } from './gsi1-items.js';
import { tenantPrefix } from './keys.js';
import type { TransactItem } from './ledger-repository.js';

/** Open: not closed (open, in progress or awaiting verification). */
export type NonconformityLifecycle = 'open' | 'closed';

/** Sorts after any date: an open nonconformity with no closure date (an observation) lists last. */
const NO_DUE_DATE = '9999';

export const qualityKeys = {
  audit: (tenantId: string, auditId: string) => ({ pk: `${tenantPrefix(tenantId)}#AUDIT#${auditId}`, sk: 'AUDIT' }),
  /** gsi1 of audits: a tenant's, `gsi1sk = <completedOn>#<auditId>`. */
  audits: (tenantId: string) => `${tenantPrefix(tenantId)}#AUDITS`,
  nonconformity: (tenantId: string, nonconformityId: string) => ({
    pk: `${tenantPrefix(tenantId)}#NC#${nonconformityId}`,
    sk: 'NC',
  }),
  /**
   * gsi1 of nonconformities: a tenant's, by lifecycle. `open`: `gsi1sk = <dueOn | 9999>#<nonconformityId>` (soonest
   * due first); `closed`: `<closedAt>#<nonconformityId>`.
   */
  nonconformities: (tenantId: string, lifecycle: NonconformityLifecycle) =>
    `${tenantPrefix(tenantId)}#NCS#${lifecycle}`,
  /** The last nonconformity a control's breach opened (`nonconformityId`). */
  controlNonconformity: (tenantId: string, controlId: string) => ({
    pk: `${tenantPrefix(tenantId)}#NC-CONTROL#${controlId}`,
    sk: 'LAST',
  }),
} as const;

const ITEM_ONLY = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity', 'v', 'revision']);

function recordOf<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_ONLY.has(k))) as T;
}

function storedOf(item: Record<string, unknown>): StoredNonconformity {
  return { nonconformity: recordOf<Nonconformity>(item), revision: Number(item.revision) };
}

function listingOf(nc: Nonconformity): { lifecycle: NonconformityLifecycle; sk: string } {
  if (nc.status === 'closed') return { lifecycle: 'closed', sk: `${nc.closedAt ?? nc.openedAt}#${nc.nonconformityId}` };
  return { lifecycle: 'open', sk: `${nc.dueOn ?? NO_DUE_DATE}#${nc.nonconformityId}` };
}

/** A page of nonconformities of one lifecycle; `next` is the last item's `gsi1sk`. */
export interface NonconformityPage {
  nonconformities: Nonconformity[];
  next?: string;
}

export class QualityRepository implements QualityStore, BreachNonconformities {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async audit(tenantId: string, auditId: string): Promise<AuditRecord | undefined> {
    const item = await this.get(qualityKeys.audit(tenantId, auditId));
    return item === undefined ? undefined : recordOf<AuditRecord>(item);
  }

  /** A tenant's audits completed on tenant-local dates `from`…`to` (both included, either open), oldest first. */
  async audits(tenantId: string, window: { from?: string; to?: string } = {}): Promise<AuditRecord[]> {
    const items = await gsi1Items(
      this.db,
      this.tableName,
      qualityKeys.audits(tenantId),
      `${window.from ?? ''}#`,
      `${window.to ?? '9999'}#~`,
    );
    return items.map((item) => recordOf<AuditRecord>(item));
  }

  async storedNonconformity(tenantId: string, nonconformityId: string): Promise<StoredNonconformity | undefined> {
    const item = await this.get(qualityKeys.nonconformity(tenantId, nonconformityId));
    return item === undefined ? undefined : storedOf(item);
  }

  async nonconformity(tenantId: string, nonconformityId: string): Promise<Nonconformity | undefined> {
    return (await this.storedNonconformity(tenantId, nonconformityId))?.nonconformity;
  }

  /**
   * A tenant's nonconformities (index: eventually consistent): `open` the ones not closed, soonest due first;
   * `closed` by closing time, oldest first; `all` (default) the open then the closed.
   */
  async nonconformities(
    tenantId: string,
    filter: { status?: NonconformityLifecycle | 'all' } = {},
  ): Promise<Nonconformity[]> {
    const status = filter.status ?? 'all';
    const lifecycles: NonconformityLifecycle[] = status === 'all' ? ['open', 'closed'] : [status];
    const found: Nonconformity[] = [];
    for (const lifecycle of lifecycles) {
      const items = await gsi1Items(this.db, this.tableName, qualityKeys.nonconformities(tenantId, lifecycle));
      found.push(...items.map((item) => storedOf(item).nonconformity));
    }
    return found;
  }

  /** One page of a lifecycle partition in `gsi1sk` order after `after` (closed: newest first). */
  async page(
    tenantId: string,
    lifecycle: NonconformityLifecycle,
    limit: number,
    after?: string,
  ): Promise<NonconformityPage> {
    const gsi1pk = qualityKeys.nonconformities(tenantId, lifecycle);
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': gsi1pk },
        Limit: limit,
        ...(lifecycle === 'closed' ? { ScanIndexForward: false } : {}),
        ...(after === undefined
          ? {}
          : {
              ExclusiveStartKey: {
                gsi1pk,
                gsi1sk: after,
                ...qualityKeys.nonconformity(tenantId, after.slice(after.indexOf('#') + 1)),
              },
            }),
      }),
    );
    const items = out.Items ?? [];
    const last = items.at(-1);
    return {
      nonconformities: items.map((item) => storedOf(item).nonconformity),
      ...(out.LastEvaluatedKey === undefined || last === undefined ? {} : { next: last.gsi1sk as string }),
    };
  }

  auditWrite(audit: AuditRecord): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...qualityKeys.audit(audit.tenantId, audit.auditId),
          gsi1pk: qualityKeys.audits(audit.tenantId),
          gsi1sk: `${audit.completedOn}#${audit.auditId}`,
          entity: 'audit',
          v: 1,
          ...audit,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  nonconformityWrite(nc: Nonconformity, previousRevision: number | undefined): TransactItem {
    const { lifecycle, sk } = listingOf(nc);
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...qualityKeys.nonconformity(nc.tenantId, nc.nonconformityId),
          gsi1pk: qualityKeys.nonconformities(nc.tenantId, lifecycle),
          gsi1sk: sk,
          entity: 'nonconformity',
          v: 1,
          revision: (previousRevision ?? 0) + 1,
          ...nc,
        },
        ...(previousRevision === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: 'revision = :revision',
              ExpressionAttributeValues: { ':revision': previousRevision },
            }),
      },
    };
  }

  /**
   * The breach's nonconformity (the `BreachNonconformities` port): none while the last one the control opened is not
   * closed; else the put of a new one conditioned on its absence, and the control's marker moved to it conditioned on
   * what it was read as, so that two concurrent breaches of one control cannot both open one.
   */
  async openWrites(input: BreachInput): Promise<{ nonconformityId: string; items: TransactItem[] }> {
    const { tenantId, controlId, agreement } = input;
    const markerKey = qualityKeys.controlNonconformity(tenantId, controlId);
    const marker = await this.get(markerKey);
    const previous = marker?.nonconformityId as string | undefined;
    if (previous !== undefined) {
      const open = await this.nonconformity(tenantId, previous);
      if (open !== undefined && open.status !== 'closed') return { nonconformityId: previous, items: [] };
    }
    const nc = openFromBreach(input, agreement.certification, agreement.timeZone.value);
    const markerWrite: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: {
          ...markerKey,
          entity: 'control-nonconformity',
          v: 1,
          tenantId,
          controlId,
          nonconformityId: nc.nonconformityId,
        },
        ...(previous === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: 'nonconformityId = :previous',
              ExpressionAttributeValues: { ':previous': previous },
            }),
      },
    };
    return { nonconformityId: nc.nonconformityId, items: [this.nonconformityWrite(nc, undefined), markerWrite] };
  }

  private async get(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return out.Item;
  }
}
