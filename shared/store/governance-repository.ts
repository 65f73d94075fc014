/**
 * The governance register (shared/app/quality-records.ts `RecordGovernance`) on the single table: per document one
 * item holding its latest approved version, listed per tenant through gsi1, and in the same partition one item per
 * approved version (the history, `sk = VERSION#<version>`); one item per management review, listed per tenant by the
 * date it was held through gsi1. The keys are built here (docs/access-patterns.md).
 */
import { type DynamoDBDocumentClient, GetCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { GovernanceStore } from '../app/quality-records.js';
import type { GovernanceDocument, ManagementReview } from '../domain/governance/governance-records.js';
import { gsi1Items } from './gsi1-items.js';
import { tenantPrefix } from './keys.js';
import type { TransactItem } from './ledger-repository.js';

export const governanceKeys = {
  /** A document's latest approved version; its versions share the partition. */
  document: (tenantId: string, documentId: string) => ({
    pk: `${tenantPrefix(tenantId)}#DOC#${documentId}`,
    sk: 'LATEST',
  }),
  documentVersion: (tenantId: string, documentId: string, version: string) => ({
    pk: `${tenantPrefix(tenantId)}#DOC#${documentId}`,
    sk: `VERSION#${version}`,
  }),
  /** gsi1 of documents' latest versions: a tenant's register, `gsi1sk = documentId`. */
  documents: (tenantId: string) => `${tenantPrefix(tenantId)}#DOCS`,
  review: (tenantId: string, reviewId: string) => ({
    pk: `${tenantPrefix(tenantId)}#MREVIEW#${reviewId}`,
    sk: 'REVIEW',
  }),
  /** gsi1 of management reviews: a tenant's, `gsi1sk = <heldOn>#<reviewId>`. */
  reviews: (tenantId: string) => `${tenantPrefix(tenantId)}#MREVIEWS`,
} as const;

const ITEM_ONLY = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity', 'v', 'revision']);

function recordOf<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_ONLY.has(k))) as T;
}

export class GovernanceRepository implements GovernanceStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The register: the latest approved version of each of a tenant's documents, by document id. */
  async documents(tenantId: string): Promise<GovernanceDocument[]> {
    const items = await gsi1Items(this.db, this.tableName, governanceKeys.documents(tenantId));
    return items.map((item) => recordOf<GovernanceDocument>(item));
  }

  /** Every approved version of one document, by version, strongly consistent. */
  async documentVersions(tenantId: string, documentId: string): Promise<GovernanceDocument[]> {
    const { pk } = governanceKeys.document(tenantId, documentId);
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':pk': pk, ':v': 'VERSION#' },
        ConsistentRead: true,
      },
    );
    const found: GovernanceDocument[] = [];
    for await (const page of pages) for (const item of page.Items ?? []) found.push(recordOf(item));
    return found;
  }

  /** A tenant's management reviews held on tenant-local dates `from`…`to` (both included, either open), oldest first. */
  async reviews(tenantId: string, window: { from?: string; to?: string } = {}): Promise<ManagementReview[]> {
    const items = await gsi1Items(
      this.db,
      this.tableName,
      governanceKeys.reviews(tenantId),
      `${window.from ?? ''}#`,
      `${window.to ?? '9999'}#~`,
    );
    return items.map((item) => recordOf<ManagementReview>(item));
  }

  async storedDocument(
    tenantId: string,
    documentId: string,
  ): Promise<{ document: GovernanceDocument; revision: number } | undefined> {
    const item = await this.get(governanceKeys.document(tenantId, documentId));
    return item === undefined
      ? undefined
      : { document: recordOf<GovernanceDocument>(item), revision: Number(item.revision) };
  }

  async hasDocumentVersion(tenantId: string, documentId: string, version: string): Promise<boolean> {
    return (await this.get(governanceKeys.documentVersion(tenantId, documentId, version))) !== undefined;
  }

  documentVersionWrite(document: GovernanceDocument): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...governanceKeys.documentVersion(document.tenantId, document.documentId, document.version),
          entity: 'document-version',
          v: 1,
          ...document,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  documentWrite(document: GovernanceDocument, previousRevision: number | undefined): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...governanceKeys.document(document.tenantId, document.documentId),
          gsi1pk: governanceKeys.documents(document.tenantId),
          gsi1sk: document.documentId,
          entity: 'document',
          v: 1,
          revision: (previousRevision ?? 0) + 1,
          ...document,
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

  async review(tenantId: string, reviewId: string): Promise<ManagementReview | undefined> {
    const item = await this.get(governanceKeys.review(tenantId, reviewId));
    return item === undefined ? undefined : recordOf<ManagementReview>(item);
  }

  reviewWrite(review: ManagementReview): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...governanceKeys.review(review.tenantId, review.reviewId),
          gsi1pk: governanceKeys.reviews(review.tenantId),
          gsi1sk: `${review.heldOn}#${review.reviewId}`,
          entity: 'management-review',
          v: 1,
          ...review,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  private async get(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return out.Item;
  }
}
