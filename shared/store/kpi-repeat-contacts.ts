/**
 * First-contact resolution by the repeat-contact method (the control P1-CX-FCR of ISO 18295-1; docs/kpis.md): a handled contact with a
 * `customerRef` and a `reason` is "repeated" when the same customer comes back, inbound, for the same reason within
 * the agreement's window (counted from one `initiatedAt` to the other, on any channel and outcome).
 *
 * Contacts arrive in any order, so each recorded contact looks both ways in the customer's timeline (gsi2):
 * back, to mark earlier contacts it repeats; ahead, to mark itself when a later repeat was recorded first. A mark
 * is a conditional update of the earlier contact (`repeatedBy` absent) in one transaction with the ADD of
 * `repeated` on that contact's own day aggregate, so each contact is counted repeated at most once whichever
 * contact found it, however often either is replayed.
 *
 * Marking always works from the contact as stored, never from a redelivered copy: the recorder runs it for a
 * contact it has just applied, and for an identical redelivery only to finish what the first delivery may have left
 * undone (a crash between the two steps). A redelivery that differs changes nothing (contact-recorder.ts).
 *
 * gsi2 is eventually consistent: two contacts of one customer recorded within the index's lag of each other may
 * miss each other. Replaying either event unchanged repairs it.
 */
import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { ContactCompletedDetail } from '../../events/telephony.js';
import type { ContactPolicy, RepeatContacts } from '../app/record-contact.js';
import { localDate } from '../domain/calendar/zoned-time.js';
import { emptyCounters, isRepeatEligible } from '../domain/kpi/kpi-counters.js';
import { keys } from './keys.js';
import { addToAggregate, kpiKeys } from './kpi-aggregate-items.js';
import { writeOnce } from './transact.js';

const DAY_MS = 86_400_000;

interface TimelineContact {
  gsi2sk: string;
  contactId: string;
  day: string;
  channel: ContactCompletedDetail['channel'];
  centerId: string;
  queue: string;
  outcome: ContactCompletedDetail['outcome'];
  repeatedBy?: string;
}

export class RepeatContactMarker implements RepeatContacts {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Marks what `contact` (as stored) repeats and, if a later repeat is already stored, `contact` itself, counted on
   * `day` (its stored day; by default its local day under `policy`). Idempotent. One Query reads the customer's
   * same-reason contacts on both sides of this one.
   */
  async markRepeats(contact: ContactCompletedDetail, policy: ContactPolicy, day?: string): Promise<void> {
    if (contact.customerRef === undefined || contact.reason === undefined || contact.direction !== 'inbound') return;
    const at = Date.parse(contact.initiatedAt);
    const self = `${new Date(at).toISOString()}#${contact.contactId}`;
    const window = policy.repeatContactWindowDays * DAY_MS;
    const timeline = await this.sameReason(
      contact,
      new Date(at - window).toISOString(),
      `${new Date(at + window).toISOString()}#\uffff`,
    );

    // A contact never repeats itself, whatever its timeline entry says.
    const others = timeline.filter((c) => c.contactId !== contact.contactId);
    for (const earlier of others) {
      if (earlier.gsi2sk < self && earlier.outcome === 'handled' && earlier.repeatedBy === undefined) {
        await this.mark(contact.tenantId, earlier, contact.contactId);
      }
    }

    const later = others.find((c) => c.gsi2sk > self);
    const alreadyMarked = timeline.some((c) => c.gsi2sk === self && c.repeatedBy !== undefined);
    if (isRepeatEligible(contact) && later !== undefined && !alreadyMarked) {
      const ownDay = day ?? localDate(contact.initiatedAt, policy.timeZone);
      await this.mark(contact.tenantId, { ...contact, day: ownDay }, later.contactId);
    }
  }

  /** The customer's inbound contacts for the same reason between two gsi2 sort keys (inclusive), in time order. */
  private async sameReason(contact: ContactCompletedDetail, from: string, to: string) {
    const found: TimelineContact[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
        FilterExpression: '#reason = :reason AND #direction = :inbound',
        ExpressionAttributeNames: { '#reason': 'reason', '#direction': 'direction', '#day': 'day', '#queue': 'queue' },
        ExpressionAttributeValues: {
          ':pk': keys.contactsByCustomer(contact.tenantId, contact.customerRef as string),
          ':from': from,
          ':to': to,
          ':reason': contact.reason,
          ':inbound': 'inbound',
        },
        ProjectionExpression: 'gsi2sk, contactId, #day, channel, centerId, #queue, outcome, repeatedBy',
      },
    );
    for await (const page of pages) found.push(...((page.Items ?? []) as TimelineContact[]));
    return found;
  }

  /** Marks `earlier` as repeated by `repeatedBy` and counts it on its own day, once. */
  private async mark(
    tenantId: string,
    earlier: Omit<TimelineContact, 'gsi2sk' | 'outcome'>,
    repeatedBy: string,
  ): Promise<void> {
    const { day } = earlier;
    const dimensions = { channel: earlier.channel, centerId: earlier.centerId, queue: earlier.queue };
    const identity = { entity: 'kpi-day', v: 1, date: day, ...dimensions };
    await writeOnce(this.db, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.contact(tenantId, earlier.contactId),
          UpdateExpression: 'SET repeatedBy = :by',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(repeatedBy)',
          ExpressionAttributeValues: { ':by': repeatedBy },
        },
      },
      addToAggregate(this.tableName, kpiKeys.day(tenantId, day, dimensions), identity, {
        ...emptyCounters(),
        repeated: 1,
      }),
    ]);
  }
}
