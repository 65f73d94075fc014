/**
 * KPI aggregate items: their keys, the update one contact makes to them, and how they read back as counters.
 *
 * - Day aggregates: one partition per tenant and month, `pk = T#<t>#KPI#D#<yyyy-mm>`,
 *   `sk = <dd>#<channel>#<centerId>#<queue>`, so a month's KPIs are one Query of about days × dimensions items.
 * - Quarter-hour aggregates: one partition per tenant and local day, `pk = T#<t>#KPI#I#<yyyy-mm-dd>`,
 *   `sk = <nnn>#<channel>#<centerId>#<queue>` where nnn is the quarter hour since local midnight (000–099).
 *
 * Counters are top-level numbers (`offered`, …) and histogram buckets flat attributes `hw_<i>` (handled waits) and
 * `aw_<i>` (abandoned waits): DynamoDB's `ADD` creates a missing top-level attribute but not a missing map path.
 * Only what a contact changes is written, so an item carries the buckets that were ever hit and nothing else.
 */
import type { Channel } from '../../events/telephony.js';
import { COUNTER_FIELDS, emptyCounters, type KpiCounters } from '../domain/kpi/kpi-counters.js';
import type { IntervalAggregate } from '../domain/kpi/kpi-intervals.js';
import type { DayAggregate } from '../domain/kpi/kpi-series.js';
import { tenantPrefix } from './keys.js';

/** Where one contact is counted. */
export interface AggregateDimensions {
  channel: Channel;
  centerId: string;
  queue: string;
}

const dims = (d: AggregateDimensions) => `${d.channel}#${d.centerId}#${d.queue}`;

export const kpiKeys = {
  dayPartition: (tenantId: string, month: string) => `${tenantPrefix(tenantId)}#KPI#D#${month}`,
  day: (tenantId: string, date: string, d: AggregateDimensions) => ({
    pk: kpiKeys.dayPartition(tenantId, date.slice(0, 7)),
    sk: `${date.slice(8, 10)}#${dims(d)}`,
  }),
  intervalPartition: (tenantId: string, date: string) => `${tenantPrefix(tenantId)}#KPI#I#${date}`,
  interval: (tenantId: string, date: string, index: number, d: AggregateDimensions) => ({
    pk: kpiKeys.intervalPartition(tenantId, date),
    sk: `${String(index).padStart(3, '0')}#${dims(d)}`,
  }),
} as const;

/** The `Update` of a TransactWriteItems that adds `counters` to one aggregate item (and creates it if need be). */
export function addToAggregate(
  tableName: string,
  key: { pk: string; sk: string },
  identity: Record<string, string | number>,
  counters: KpiCounters,
) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const adds: string[] = [];
  for (const [i, [attribute, value]] of Object.entries(identity).entries()) {
    names[`#s${i}`] = attribute;
    values[`:s${i}`] = value;
    sets.push(`#s${i} = :s${i}`);
  }
  const add = (attribute: string, value: number) => {
    if (value === 0) return;
    const n = adds.length;
    names[`#a${n}`] = attribute;
    values[`:a${n}`] = value;
    adds.push(`#a${n} :a${n}`);
  };
  for (const field of COUNTER_FIELDS) add(field, counters[field]);
  for (const [bucket, count] of counters.handledWaits) add(`hw_${bucket}`, count);
  for (const [bucket, count] of counters.abandonedWaits) add(`aw_${bucket}`, count);
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: `SET ${sets.join(', ')}${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The counters an aggregate item holds; absent attributes are zero. */
export function countersOf(item: Record<string, unknown>): KpiCounters {
  const counters = emptyCounters();
  for (const field of COUNTER_FIELDS) counters[field] = Number(item[field] ?? 0);
  for (const [attribute, value] of Object.entries(item)) {
    const match = /^(hw|aw)_(\d+)$/.exec(attribute);
    if (match === null) continue;
    (match[1] === 'hw' ? counters.handledWaits : counters.abandonedWaits).set(Number(match[2]), Number(value));
  }
  return counters;
}

export function dayAggregateOf(item: Record<string, unknown>): DayAggregate {
  return {
    date: String(item.date),
    channel: item.channel as Channel,
    centerId: String(item.centerId),
    queue: String(item.queue),
    counters: countersOf(item),
  };
}

export function intervalAggregateOf(item: Record<string, unknown>): IntervalAggregate {
  return { ...dayAggregateOf(item), index: Number(item.index) };
}
