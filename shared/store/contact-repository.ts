import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ContactCompletedDetail } from '../../events/telephony.js';
import type { ContactPolicy, ContactStore, StoredContact } from '../app/record-contact.js';
import type { WriteOutcome } from '../app/write-outcome.js';
import { localDate, localInterval } from '../domain/calendar/zoned-time.js';
import { contactCounters, emptyCounters, type KpiCounters } from '../domain/kpi/kpi-counters.js';
import { expectationWrite } from './complaint-register-items.js';
import { keys } from './keys.js';
import { addToAggregate, kpiKeys } from './kpi-aggregate-items.js';
import { writeOnce } from './transact.js';

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

/** The quarter-hour view keeps counts and waits only: enough for intraday service level and queues. */
function intervalCounters(counters: KpiCounters): KpiCounters {
  return {
    ...emptyCounters(),
    offered: counters.offered,
    handled: counters.handled,
    abandoned: counters.abandoned,
    callbackRequested: counters.callbackRequested,
    outbound: counters.outbound,
    handledWaitMs: counters.handledWaitMs,
    handledWaits: counters.handledWaits,
    abandonedWaits: counters.abandonedWaits,
  };
}

/**
 * The transaction that records one contact: the contact item, which is the idempotency marker (put only if absent),
 * and the ADDs to its day and quarter-hour aggregates; for a contact with a complaint reason, also the expectation
 * of its complaint (shared/store/complaint-register-items.ts). All or nothing, so a contact is counted exactly when
 * it is stored, and a replay, a concurrent duplicate or a late arrival changes nothing twice.
 */
export function recordContactItems(tableName: string, contact: ContactCompletedDetail, policy: ContactPolicy) {
  const item = contactItem(contact, policy);
  const interval = localInterval(contact.initiatedAt, policy.timeZone);
  const dimensions = { channel: contact.channel, centerId: contact.centerId, queue: contact.queue };
  const counters = contactCounters(contact);
  const identity = { entity: 'kpi-day', v: 1, date: item.day, ...dimensions };
  const expectation = expectationWrite(tableName, contact, policy);
  return [
    { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    addToAggregate(tableName, kpiKeys.day(contact.tenantId, item.day, dimensions), identity, counters),
    addToAggregate(
      tableName,
      kpiKeys.interval(contact.tenantId, interval.date, interval.index, dimensions),
      { ...identity, entity: 'kpi-interval', date: interval.date, index: interval.index, expiresAt: item.expiresAt },
      intervalCounters(counters),
    ),
    ...(expectation === undefined ? [] : [expectation]),
  ];
}

/** The attributes of a contact item that are the contact as it was received (the rest is keys and bookkeeping). */
const DETAIL_FIELDS = Object.keys(ContactCompletedDetail.shape);

export class ContactRepository implements ContactStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Records a contact and counts it, exactly once. Idempotency key: tenantId + contactId (the contact item itself is
   * the marker, written in the same transaction as the counts).
   */
  async record(contact: ContactCompletedDetail, policy: ContactPolicy): Promise<WriteOutcome> {
    return writeOnce(this.db, recordContactItems(this.tableName, contact, policy));
  }

  /** The stored contact (strongly consistent, so a contact just found a duplicate is seen), if it exists. */
  async find(tenantId: string, contactId: string): Promise<StoredContact | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.contact(tenantId, contactId), ConsistentRead: true }),
    );
    if (out.Item === undefined) return undefined;
    const item = out.Item;
    const detail = Object.fromEntries(DETAIL_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]]));
    return { detail: detail as ContactCompletedDetail, day: item.day };
  }
}
