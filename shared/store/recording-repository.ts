/**
 * The recording metadata in the single table, as ingestion reads and writes it (shared/app/ingest-recording.ts):
 * the recording item (`recording-items.ts`), the stored contact it belongs to, and customer holds. The other
 * recording use cases keep their stores in files of their own.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { RecordedContact, RecordingIngestStore } from '../app/ingest-recording.js';
import type { CustomerHold, RecordingMetadata } from '../app/recordings.js';
import { keys } from './keys.js';
import type { TransactItem } from './ledger-repository.js';
import { recordingFromItem, recordingItem } from './recording-items.js';

export class DynamoRecordingRepository implements RecordingIngestStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async find(tenantId: string, contactId: string): Promise<RecordingMetadata | undefined> {
    const item = await this.get(keys.recording(tenantId, contactId));
    return item === undefined ? undefined : recordingFromItem(item);
  }

  async contact(tenantId: string, contactId: string): Promise<RecordedContact | undefined> {
    const item = await this.get(keys.contact(tenantId, contactId), ['customerRef', 'erasedAt']);
    if (item === undefined) return undefined;
    return {
      ...(typeof item.customerRef === 'string' ? { customerRef: item.customerRef } : {}),
      ...(typeof item.erasedAt === 'string' ? { erasedAt: item.erasedAt } : {}),
    };
  }

  async customerHold(tenantId: string, customerRef: string): Promise<CustomerHold | undefined> {
    const item = await this.get(keys.customerHold(tenantId, customerRef));
    if (item === undefined) return undefined;
    return {
      tenantId,
      customerRef,
      reason: String(item.reason ?? ''),
      by: String(item.by ?? ''),
      at: String(item.at ?? ''),
    };
  }

  /** The recording item, put only if the contact has none: the idempotency marker of ingestion. */
  storedWrites(state: RecordingMetadata): TransactItem[] {
    return [
      {
        Put: {
          TableName: this.tableName,
          Item: recordingItem(state),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
  }

  private async get(key: { pk: string; sk: string }, attributes?: readonly string[]) {
    const projection =
      attributes === undefined
        ? {}
        : {
            ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(', '),
            ExpressionAttributeNames: Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name])),
          };
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true, ...projection }),
    );
    return out.Item;
  }
}
