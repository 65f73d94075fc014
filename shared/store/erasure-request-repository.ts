/**
 * Erasure requests (shared/app/erasure-requests.ts) on the single table: the request item `keys.erasureRequest`
 * (the idempotency marker, listed through gsi1 `keys.erasureRequests`, `gsi1sk = <receivedAt>#<requestId>`), the
 * execution plan beside it (`sk = PLAN`, kept 90 days), the data subject's recordings (gsi2
 * `keys.recordingsByCustomer`) and contacts (gsi2 `keys.contactsByCustomer`), and the contacts' anonymisation.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import type { ErasurePlan, ErasureRequestStore, StoredErasureRequest } from '../app/erasure-requests.js';
import { keys } from './keys.js';
import type { TransactItem } from './ledger-repository.js';
import { DynamoRecordingDeletions } from './recording-deletion-writes.js';

/** How long the plan of an execution is kept: long past any retry of the request. */
const PLAN_TTL_SECONDS = 90 * 86_400;
/** Contacts read at once. */
const READ_CONCURRENCY = 8;

const ITEM_ONLY = new Set(['pk', 'sk', 'entity', 'v', 'gsi1pk', 'gsi1sk']);

export class ErasureRequestRepository extends DynamoRecordingDeletions implements ErasureRequestStore {
  constructor(db: DynamoDBDocumentClient, tableName: string) {
    super(db, tableName);
  }

  async request(tenantId: string, requestId: string): Promise<StoredErasureRequest | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.erasureRequest(tenantId, requestId),
        ConsistentRead: true,
      }),
    );
    return out.Item === undefined ? undefined : requestFromItem(out.Item);
  }

  requestWrites(request: StoredErasureRequest, previousRevision: number | undefined): TransactItem[] {
    return [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.erasureRequest(request.tenantId, request.requestId),
            gsi1pk: keys.erasureRequests(request.tenantId),
            gsi1sk: `${request.receivedAt}#${request.requestId}`,
            entity: 'erasure-request',
            v: 1,
            ...request,
          },
          ...(previousRevision === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'revision = :previous',
                ExpressionAttributeValues: { ':previous': previousRevision },
              }),
        },
      },
    ];
  }

  async recordingsOf(tenantId: string, customerRef: string): Promise<string[]> {
    return this.subjectIndex(keys.recordingsByCustomer(tenantId, customerRef));
  }

  async contactsOf(tenantId: string, customerRef: string): Promise<string[]> {
    return this.subjectIndex(keys.contactsByCustomer(tenantId, customerRef));
  }

  async plan(tenantId: string, requestId: string): Promise<ErasurePlan | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: this.planKey(tenantId, requestId), ConsistentRead: true }),
    );
    return out.Item === undefined
      ? undefined
      : { recordings: out.Item.recordings as string[], contacts: out.Item.contacts as string[] };
  }

  async savePlan(tenantId: string, requestId: string, plan: ErasurePlan, at: Date): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...this.planKey(tenantId, requestId),
          entity: 'erasure-plan',
          v: 1,
          ...plan,
          at: at.toISOString(),
          expiresAt: Math.floor(at.getTime() / 1000) + PLAN_TTL_SECONDS,
        },
      }),
    );
  }

  /**
   * One Update per contact still stored and not yet erased: the reference and the data subject index keys go (the
   * repeat-contact method, shared/store/kpi-repeat-contacts.ts, then no longer finds it), `erasedAt` marks it
   * (ingestion refuses later recordings of it), the counts in the aggregates stay.
   */
  async anonymisationWrites(tenantId: string, contactIds: readonly string[], at: Date): Promise<TransactItem[]> {
    const stored = await this.unerasedContacts(tenantId, contactIds);
    return stored.map((contactId) => ({
      Update: {
        TableName: this.tableName,
        Key: keys.contact(tenantId, contactId),
        UpdateExpression: 'REMOVE customerRef, gsi2pk, gsi2sk SET erasedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(erasedAt)',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      },
    }));
  }

  /** The copies of conflicting redeliveries (contact-conflict-repository.ts) keep both versions: both lose the reference. */
  async scrubKeptCopies(tenantId: string, contactIds: readonly string[]): Promise<void> {
    for (const contactId of contactIds) {
      const prefix = keys.contactConflict(tenantId, contactId, '');
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': prefix.pk, ':prefix': prefix.sk },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
        }),
      );
      for (const item of out.Items ?? [])
        await this.db
          .send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: { pk: item.pk, sk: item.sk },
              UpdateExpression: 'REMOVE #stored.customerRef, received.customerRef',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#stored': 'stored' },
            }),
          )
          .catch((error: Error) => {
            // Expired (TTL) since the query: nothing left to scrub.
            if (error.name !== 'ConditionalCheckFailedException') throw error;
          });
    }
  }

  async list(
    tenantId: string,
    page: { limit: number; after?: string },
  ): Promise<{ requests: StoredErasureRequest[]; next?: string }> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: page.after === undefined ? 'gsi1pk = :list' : 'gsi1pk = :list AND gsi1sk < :after',
        ExpressionAttributeValues: {
          ':list': keys.erasureRequests(tenantId),
          ...(page.after === undefined ? {} : { ':after': page.after }),
        },
        ScanIndexForward: false,
        // One more than asked: whether a next page exists without a second query.
        Limit: page.limit + 1,
      }),
    );
    const items = out.Items ?? [];
    const shown = items.slice(0, page.limit);
    const last = shown.at(-1);
    return {
      requests: shown.map(requestFromItem),
      ...(items.length > page.limit && last !== undefined ? { next: last.gsi1sk as string } : {}),
    };
  }

  private planKey(tenantId: string, requestId: string) {
    return { pk: keys.erasureRequest(tenantId, requestId).pk, sk: 'PLAN' };
  }

  /** The contact ids a data subject index partition lists (gsi2; `gsi2sk` ends with the contact id). */
  private async subjectIndex(partition: string): Promise<string[]> {
    const ids: string[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ProjectionExpression: 'contactId',
      },
    );
    for await (const p of pages) for (const item of p.Items ?? []) ids.push(item.contactId as string);
    return ids;
  }

  /** Those of `contactIds` whose contact item exists and is not erased yet (strongly consistent). */
  private async unerasedContacts(tenantId: string, contactIds: readonly string[]): Promise<string[]> {
    const limit = pLimit(READ_CONCURRENCY);
    const read = await Promise.all(
      contactIds.map((contactId) =>
        limit(async () => {
          const out = await this.db.send(
            new GetCommand({
              TableName: this.tableName,
              Key: keys.contact(tenantId, contactId),
              ConsistentRead: true,
              ProjectionExpression: 'contactId, erasedAt',
            }),
          );
          return out.Item !== undefined && out.Item.erasedAt === undefined ? contactId : undefined;
        }),
      ),
    );
    return read.filter((id): id is string => id !== undefined);
  }
}

function requestFromItem(item: Record<string, unknown>): StoredErasureRequest {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_ONLY.has(k))) as unknown as StoredErasureRequest;
}
