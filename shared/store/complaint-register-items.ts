/**
 * The complaint register's expectations (P1-CMP-REGISTER, shared/app/complaint-register-check.ts) in the single
 * table: one item per complaint-reason contact, `pk = T#<t>#CMP-REG`, `sk = <contactId>`, written by two sides that
 * never read it:
 *
 * - the contact's transaction (shared/store/contact-repository.ts) sets the expectation: `expectedBy`, `reason`,
 *   `endedAt`, the contact's `expiresAt`, and lists it as pending on gsi1 (`gsi1pk = T#<t>#CMP-REG-PENDING`,
 *   `gsi1sk = <expectedBy>#<contactId>`);
 * - the complaint's transaction ({@link complaintLinkWrite}) sets `complaintId` and `registeredAt` (the first
 *   complaint's, kept) and unlists it.
 *
 * If the complaint comes first, the contact's write lists the linked item again; the check unlists it when it meets
 * it, so the outcome is the same in either order. Only complaint-reason contacts cost a write here.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ContactCompletedDetail } from '../../events/telephony.js';
import type { ComplaintRegisterStore, PendingExpectation } from '../app/complaint-register-check.js';
import type { ContactPolicy } from '../app/record-contact.js';
import { deadlineAt } from '../domain/calendar/business-time.js';
import { tenantPrefix } from './keys.js';
import type { TransactItem } from './ledger-repository.js';

export const complaintRegisterKeys = {
  partition: (tenantId: string) => `${tenantPrefix(tenantId)}#CMP-REG`,
  expectation: (tenantId: string, contactId: string) => ({
    pk: complaintRegisterKeys.partition(tenantId),
    sk: contactId,
  }),
  /** gsi1: a tenant's expectations without their complaint, `gsi1sk = <expectedBy>#<contactId>`. */
  pending: (tenantId: string) => `${tenantPrefix(tenantId)}#CMP-REG-PENDING`,
} as const;

const IDENTITY = { entity: 'complaint-register', v: 1 } as const;

/** `SET #n0 = :n0, …` with every attribute named, so no reserved word gets in the way. */
function setAll(values: Record<string, unknown>, wrap: (name: string, value: string) => string = (_n, v) => v) {
  const entries = Object.entries(values);
  return {
    expression: entries.map((_, i) => `#n${i} = ${wrap(`#n${i}`, `:n${i}`)}`).join(', '),
    names: Object.fromEntries(entries.map(([name], i) => [`#n${i}`, name])),
    values: Object.fromEntries(entries.map(([, value], i) => [`:n${i}`, value])),
  };
}

/**
 * The Update the contact's transaction adds when the contact was handled and its reason is a complaint reason of its
 * policy, else nothing: the contact's complaint is expected `registerWithin` after its `endedAt`, in business time.
 * An abandoned contact or a callback request reached nobody who could register a complaint, whatever the caller
 * chose in the menu; the callback that follows is a contact of its own.
 */
export function expectationWrite(
  tableName: string,
  contact: ContactCompletedDetail,
  policy: Pick<ContactPolicy, 'timeZone' | 'retentionDays' | 'complaintRegister'>,
): TransactItem | undefined {
  const { reasons, within, calendar } = policy.complaintRegister;
  if (contact.outcome !== 'handled' || contact.reason === undefined || !reasons.includes(contact.reason))
    return undefined;
  const endedMs = Date.parse(contact.endedAt);
  const expectedBy = new Date(deadlineAt(endedMs, within, calendar, policy.timeZone)).toISOString();
  const set = setAll({
    ...IDENTITY,
    contactId: contact.contactId,
    reason: contact.reason,
    endedAt: new Date(endedMs).toISOString(),
    expectedBy,
    // Kept as long as the contact it is about.
    expiresAt: Math.floor(endedMs / 1000) + policy.retentionDays * 86_400,
    gsi1pk: complaintRegisterKeys.pending(contact.tenantId),
    gsi1sk: `${expectedBy}#${contact.contactId}`,
  });
  return {
    Update: {
      TableName: tableName,
      Key: complaintRegisterKeys.expectation(contact.tenantId, contact.contactId),
      UpdateExpression: `SET ${set.expression}`,
      ExpressionAttributeNames: set.names,
      ExpressionAttributeValues: set.values,
    },
  };
}

/**
 * The Update a complaint's transaction adds when the complaint names the contact it came from: the contact's
 * expectation is met (the first complaint's id and `receivedAt` are kept) and unlisted. Idempotent. Until the
 * contact's own write gives it the contact's retention, the item expires `keepDays` after the receipt, so a link to
 * a contact that never comes (or has no complaint reason) is not kept for ever.
 */
export function complaintLinkWrite(
  tableName: string,
  tenantId: string,
  contactId: string,
  complaintId: string,
  receivedAt: string,
  keepDays: number,
): TransactItem {
  const receivedMs = Date.parse(receivedAt);
  const set = setAll(
    {
      ...IDENTITY,
      contactId,
      complaintId,
      registeredAt: new Date(receivedMs).toISOString(),
      expiresAt: Math.floor(receivedMs / 1000) + keepDays * 86_400,
    },
    (name, value) => `if_not_exists(${name}, ${value})`,
  );
  return {
    Update: {
      TableName: tableName,
      Key: complaintRegisterKeys.expectation(tenantId, contactId),
      UpdateExpression: `SET ${set.expression} REMOVE gsi1pk, gsi1sk`,
      ExpressionAttributeNames: set.names,
      ExpressionAttributeValues: set.values,
    },
  };
}

export class DynamoComplaintRegister implements ComplaintRegisterStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async pendingDue(tenantId: string, from: string, to: string): Promise<PendingExpectation[]> {
    const found: PendingExpectation[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          // `<expectedBy>#<contactId>` sorts after `<to>` when expectedBy is `to` itself: not due yet.
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': complaintRegisterKeys.pending(tenantId), ':from': from, ':to': to },
          ProjectionExpression: 'contactId, expectedBy, complaintId',
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? [])
        found.push({
          contactId: String(item.contactId),
          expectedBy: String(item.expectedBy),
          ...(item.complaintId === undefined ? {} : { complaintId: String(item.complaintId) }),
        });
      start = out.LastEvaluatedKey;
    } while (start !== undefined);
    return found;
  }

  async unlist(tenantId: string, contactId: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: complaintRegisterKeys.expectation(tenantId, contactId),
          UpdateExpression: 'REMOVE gsi1pk, gsi1sk',
          ConditionExpression: 'attribute_exists(complaintId)',
        }),
      );
    } catch (error) {
      // Gone (its retention ended) or never linked: the index was stale; there is nothing to unlist.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * One page of the tenant's partition at a time, filtered to items with an expectation: the first page finds one
   * unless the partition starts with complaints linked to contacts of other reasons.
   */
  async hasExpectations(tenantId: string): Promise<boolean> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: 'attribute_exists(expectedBy)',
          ExpressionAttributeValues: { ':pk': complaintRegisterKeys.partition(tenantId) },
          ProjectionExpression: 'pk',
          Limit: 100,
          ExclusiveStartKey: start,
        }),
      );
      if ((out.Items ?? []).length > 0) return true;
      start = out.LastEvaluatedKey;
    } while (start !== undefined);
    return false;
  }
}
