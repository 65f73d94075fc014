/**
 * Conflicting duplicates: a redelivered `contact.completed` whose idempotency key (tenantId + contactId) is already
 * stored but whose content differs. The first version stays the truth (it was counted); the redelivery changes
 * nothing and is kept here, with both versions and the fields that differ, so that the operator sees it instead of
 * the product silently absorbing it. Kept 30 days, like dead letters (docs/access-patterns.md).
 */
import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ContactCompletedDetail } from '../../events/telephony.js';
import type { ConflictStore } from '../app/record-contact.js';
import { canonicalJson } from '../domain/ledger/hash-chain.js';
import { keys } from './keys.js';

/** How long a conflicting duplicate is kept after its last delivery. */
export const CONFLICT_RETENTION_DAYS = 30;

/** A conflicting redelivery of a stored contact, as kept and listed. */
export interface ContactConflict {
  tenantId: string;
  contactId: string;
  /** The fields in which `received` differs from `stored`. */
  differingFields: string[];
  /** The version that was recorded and counted. */
  stored: ContactCompletedDetail;
  /** The version that was redelivered and changed nothing. */
  received: ContactCompletedDetail;
  firstReceivedAt: string;
  lastReceivedAt: string;
  /** How many times this received version was delivered. */
  deliveries: number;
}

/** Identifies one received version: the same conflicting version delivered again is one item, counted. */
function versionOf(received: ContactCompletedDetail): string {
  return createHash('sha256').update(canonicalJson(received)).digest('hex').slice(0, 16);
}

export class ContactConflictRepository implements ConflictStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Keeps (or counts again) one conflicting redelivery received at `receivedAt`. */
  async put(
    conflict: Pick<ContactConflict, 'stored' | 'received' | 'differingFields'>,
    receivedAt: string,
  ): Promise<void> {
    const { stored, received } = conflict;
    const version = versionOf(received);
    const expiresAt = Math.floor(Date.parse(receivedAt) / 1000) + CONFLICT_RETENTION_DAYS * 86_400;
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.contactConflict(received.tenantId, received.contactId, version),
        UpdateExpression:
          'SET gsi1pk = :all, gsi1sk = :at, entity = :entity, v = :v, tenantId = :tenant, contactId = :contact, ' +
          'differingFields = :fields, #stored = :stored, received = :received, ' +
          'firstReceivedAt = if_not_exists(firstReceivedAt, :now), lastReceivedAt = :now, expiresAt = :expires ' +
          'ADD deliveries :one',
        ExpressionAttributeNames: { '#stored': 'stored' },
        ExpressionAttributeValues: {
          ':all': keys.contactConflictsAll,
          ':at': `${receivedAt}#${received.tenantId}#${received.contactId}#${version}`,
          ':entity': 'contact-conflict',
          ':v': 1,
          ':tenant': received.tenantId,
          ':contact': received.contactId,
          ':fields': conflict.differingFields,
          ':stored': stored,
          ':received': received,
          ':now': receivedAt,
          ':expires': expiresAt,
          ':one': 1,
        },
      }),
    );
  }

  /** The most recently delivered conflicts across tenants, newest first, and whether more exist (operator view). */
  async listRecent(limit = 50): Promise<{ conflicts: ContactConflict[]; more: boolean }> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.contactConflictsAll },
        ScanIndexForward: false,
        Limit: limit + 1,
      }),
    );
    const items = out.Items ?? [];
    return {
      more: items.length > limit || out.LastEvaluatedKey !== undefined,
      conflicts: items.slice(0, limit).map((item) => ({
        tenantId: item.tenantId,
        contactId: item.contactId,
        differingFields: item.differingFields,
        stored: item.stored,
        received: item.received,
        firstReceivedAt: item.firstReceivedAt,
        lastReceivedAt: item.lastReceivedAt,
        deliveries: item.deliveries,
      })),
    };
  }
}
