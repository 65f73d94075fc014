import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContactCompletedDetail } from '../../events/telephony.js';
import { localDate } from '../domain/calendar/local-date.js';
import { keys } from './keys.js';
import { type WriteOutcome, writeOnce } from './transact.js';

/** How a tenant's agreement shapes the storage of one contact. */
export interface ContactPolicy {
  timeZone: string;
  retentionDays: number;
}

/** The stored per-contact fact: the audit trail an auditor samples from. */
export function contactItem(contact: ContactCompletedDetail, policy: ContactPolicy) {
  const day = localDate(contact.initiatedAt, policy.timeZone);
  const initiatedUtc = new Date(contact.initiatedAt).toISOString();
  const expiresAt = Math.floor(Date.parse(contact.endedAt) / 1000) + policy.retentionDays * 86_400;
  return {
    ...keys.contact(contact.tenantId, contact.contactId),
    gsi1pk: keys.contactsByDay(contact.tenantId, day),
    gsi1sk: `${initiatedUtc}#${contact.contactId}`,
    ...(contact.customerRef === undefined
      ? {}
      : {
          gsi2pk: keys.contactsByCustomer(contact.tenantId, contact.customerRef),
          gsi2sk: `${initiatedUtc}#${contact.contactId}`,
        }),
    entity: 'contact',
    v: 1,
    day,
    expiresAt,
    ...contact,
  };
}

export class ContactRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Records a contact exactly once. Idempotency key: tenantId + contactId (the contact item itself is the marker),
   * so a replayed or concurrently duplicated `contact.completed` changes nothing.
   */
  async record(contact: ContactCompletedDetail, policy: ContactPolicy): Promise<WriteOutcome> {
    return writeOnce(this.db, [
      {
        Put: {
          TableName: this.tableName,
          Item: contactItem(contact, policy),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
  }
}
