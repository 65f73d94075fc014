/**
 * The recording reads and writes a deletion needs (shared/app/recording-deletion.ts), shared by the retention purge
 * (recording-purge-repository.ts) and erasure requests (erasure-request-repository.ts). Every write is a full Put of
 * `recordingItem(deleted)` (recording-items.ts), so a deleted recording leaves the purge index and the data subject's
 * index at once.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { RecordingChange, RecordingDeletionStore } from '../app/recording-deletion.js';
import type { RecordingMetadata } from '../app/recordings.js';
import { keys } from './keys.js';
import type { TransactItem } from './ledger-repository.js';
import { recordingFromItem, recordingItem } from './recording-items.js';

export class DynamoRecordingDeletions implements RecordingDeletionStore {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async find(tenantId: string, contactId: string): Promise<RecordingMetadata | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.recording(tenantId, contactId), ConsistentRead: true }),
    );
    return out.Item === undefined ? undefined : recordingFromItem(out.Item);
  }

  async customerHeld(tenantId: string, customerRef: string): Promise<boolean> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.customerHold(tenantId, customerRef),
        ConsistentRead: true,
        ProjectionExpression: 'pk',
      }),
    );
    return out.Item !== undefined;
  }

  /**
   * A Put per recording, conditioned on the state it was read in (stored, not held), and one check per data subject
   * that no customer hold appeared since: a hold set meanwhile cancels the whole transaction.
   */
  deletionWrites(changes: readonly RecordingChange[]): TransactItem[] {
    const puts: TransactItem[] = changes.map(({ deleted }) => ({
      Put: {
        TableName: this.tableName,
        Item: recordingItem(deleted),
        ConditionExpression: '#status = :stored AND legalHold = :unheld',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':stored': 'stored', ':unheld': false },
      },
    }));
    const subjects = new Set<string>();
    for (const { stored } of changes) if (stored.customerRef !== undefined) subjects.add(stored.customerRef);
    const tenantId = changes[0]?.stored.tenantId;
    const checks: TransactItem[] =
      tenantId === undefined
        ? []
        : [...subjects].map((customerRef) => ({
            ConditionCheck: {
              TableName: this.tableName,
              Key: keys.customerHold(tenantId, customerRef),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          }));
    return [...puts, ...checks];
  }
}
