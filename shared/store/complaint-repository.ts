/**
 * The complaint register (shared/app/complaint-register.ts) on the single table: one item per complaint
 * (`keys.complaint`) holding its timeline, its facts and assessment at the last write, and the alerts already
 * published; listed per tenant and lifecycle through gsi1 (`keys.complaints`). Every write is conditioned on the
 * revision it was prepared from.
 */
import { type DynamoDBDocumentClient, GetCommand, paginateQuery, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ComplaintRecord, ComplaintStore, StoredComplaint } from '../app/complaint-register.js';
import type { AssessedComplaint } from '../domain/complaint/complaint-state.js';
import { complaintLinkWrite } from './complaint-register-items.js';
import { keys } from './keys.js';
import type { TransactItem } from './ledger-repository.js';

const ENTITY = 'complaint';

/** Sorts after any ISO 8601 instant: an open complaint with no pending deadline lists last. */
const NO_DEADLINE = '9999';

export type ComplaintLifecycle = AssessedComplaint['lifecycle'];

/** A page of complaints in one lifecycle partition; `next` is the last item's `gsi1sk`. */
export interface ComplaintPage {
  complaints: StoredComplaint[];
  next?: string;
}

/** Where a complaint is listed: its lifecycle partition and its place in it. */
function listingOf(complaint: AssessedComplaint, firstAt: string): { lifecycle: ComplaintLifecycle; sk: string } {
  const id = complaint.complaintId;
  if (complaint.lifecycle === 'closed') {
    return { lifecycle: 'closed', sk: `${complaint.resolvedAt ?? firstAt}#${id}` };
  }
  if (complaint.lifecycle === 'pending-receipt') return { lifecycle: 'pending-receipt', sk: `${firstAt}#${id}` };
  const pending = Object.values(complaint.deadlines)
    .filter((d) => d.state === 'pending' || d.state === 'at-risk' || d.state === 'missed')
    .map((d) => new Date(d.dueAt).toISOString())
    .sort();
  return { lifecycle: 'open', sk: `${pending[0] ?? NO_DEADLINE}#${id}` };
}

function firstAt(record: ComplaintRecord): string {
  return record.timeline.map((e) => e.at).sort()[0] ?? record.assessedAt;
}

function storedOf(item: Record<string, unknown>): StoredComplaint {
  const record: ComplaintRecord = {
    tenantId: item.tenantId as string,
    complaintId: item.complaintId as string,
    timeline: item.timeline as ComplaintRecord['timeline'],
    complaint: item.complaint as AssessedComplaint,
    assessedAt: item.assessedAt as string,
    agreementVersion: Number(item.agreementVersion ?? 0),
    retentionDays: Number(item.retentionDays ?? 0),
    alerts: (item.alerts as string[] | undefined) ?? [],
  };
  return { record, revision: Number(item.revision) };
}

export class ComplaintRepository implements ComplaintStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async complaint(tenantId: string, complaintId: string): Promise<StoredComplaint | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.complaint(tenantId, complaintId), ConsistentRead: true }),
    );
    return out.Item === undefined ? undefined : storedOf(out.Item);
  }

  /**
   * One page of a lifecycle partition in `gsi1sk` order after `after` (index: eventually consistent). `before`
   * keeps only items whose `gsi1sk` sorts before it (the open complaints due before now: overdue); `from` only those
   * from it on (closed since an instant); `newestFirst` reads the partition backwards.
   */
  async page(
    tenantId: string,
    lifecycle: ComplaintLifecycle,
    limit: number,
    options: { after?: string; before?: string; from?: string; newestFirst?: boolean } = {},
  ): Promise<ComplaintPage> {
    const gsi1pk = keys.complaints(tenantId, lifecycle);
    const { after, before, from, newestFirst } = options;
    const range = before !== undefined ? ' AND gsi1sk < :bound' : from !== undefined ? ' AND gsi1sk >= :bound' : '';
    const bound = before ?? from;
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: `gsi1pk = :p${range}`,
        ExpressionAttributeValues: { ':p': gsi1pk, ...(bound === undefined ? {} : { ':bound': bound }) },
        Limit: limit,
        ...(newestFirst === true ? { ScanIndexForward: false } : {}),
        ...(after === undefined ? {} : { ExclusiveStartKey: this.startKey(tenantId, gsi1pk, after) }),
      }),
    );
    const items = out.Items ?? [];
    const last = items.at(-1);
    return {
      complaints: items.map(storedOf),
      ...(out.LastEvaluatedKey === undefined || last === undefined ? {} : { next: last.gsi1sk as string }),
    };
  }

  /** Every complaint of a lifecycle partition (optionally from a `gsi1sk` on), in `gsi1sk` order. */
  async *all(tenantId: string, lifecycle: ComplaintLifecycle, from?: string): AsyncGenerator<StoredComplaint> {
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: `gsi1pk = :p${from === undefined ? '' : ' AND gsi1sk >= :from'}`,
        ExpressionAttributeValues: {
          ':p': keys.complaints(tenantId, lifecycle),
          ...(from === undefined ? {} : { ':from': from }),
        },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) yield storedOf(item);
  }

  complaintWrite(record: ComplaintRecord, previousRevision: number | undefined): TransactItem {
    const { tenantId, complaintId } = record;
    const { lifecycle, sk } = listingOf(record.complaint, firstAt(record));
    // A closed complaint is kept for the agreement's retention of complaint evidence from its resolution, then
    // expires (TTL); an open one, or one awaiting its receipt, is kept.
    const resolvedAt = record.complaint.lifecycle === 'closed' ? record.complaint.resolvedAt : undefined;
    const expiresAt =
      resolvedAt === undefined || record.retentionDays <= 0
        ? undefined
        : Math.floor(Date.parse(resolvedAt) / 1000) + record.retentionDays * 86_400;
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...keys.complaint(tenantId, complaintId),
          gsi1pk: keys.complaints(tenantId, lifecycle),
          gsi1sk: sk,
          entity: ENTITY,
          v: 1,
          revision: (previousRevision ?? 0) + 1,
          ...record,
          ...(expiresAt === undefined ? {} : { expiresAt }),
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

  registerLinkWrite(
    tenantId: string,
    contactId: string,
    complaintId: string,
    receivedAt: string,
    keepDays: number,
  ): TransactItem {
    return complaintLinkWrite(this.tableName, tenantId, contactId, complaintId, receivedAt, keepDays) as TransactItem;
  }

  private startKey(tenantId: string, gsi1pk: string, gsi1sk: string) {
    const complaintId = gsi1sk.slice(gsi1sk.indexOf('#') + 1);
    return { gsi1pk, gsi1sk, ...keys.complaint(tenantId, complaintId) };
  }
}
