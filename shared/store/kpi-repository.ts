/**
 * Reads KPI aggregates back. A date range costs one Query per month it touches, reading about days × dimensions
 * items whatever the number of contacts; filters on channel, centre and queue are applied by DynamoDB on the
 * items of those days (they are attributes, not keys, so one key design serves every filter combination).
 */
import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { AggregateFilter, KpiAggregateReader } from '../app/kpi-query.js';
import { addDays, lastDayOfMonth, monthOf } from '../domain/calendar/calendar-date.js';
import type { IntervalAggregate } from '../domain/kpi/kpi-intervals.js';
import type { DayAggregate } from '../domain/kpi/kpi-series.js';
import { dayAggregateOf, intervalAggregateOf, kpiKeys } from './kpi-aggregate-items.js';

function filterExpression(filter: AggregateFilter) {
  const names: Record<string, string> = {};
  const values: Record<string, string> = {};
  const terms: string[] = [];
  for (const [attribute, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    names[`#f_${attribute}`] = attribute;
    values[`:f_${attribute}`] = value;
    terms.push(`#f_${attribute} = :f_${attribute}`);
  }
  return terms.length === 0 ? { names, values } : { names, values, FilterExpression: terms.join(' AND ') };
}

export class KpiRepository implements KpiAggregateReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async days(tenantId: string, from: string, to: string, filter: AggregateFilter): Promise<DayAggregate[]> {
    const months: Array<{ month: string; first: string; last: string }> = [];
    for (let first = from; first <= to; first = addDays(lastDayOfMonth(monthOf(first)), 1)) {
      const end = lastDayOfMonth(monthOf(first));
      months.push({ month: monthOf(first), first, last: end < to ? end : to });
    }
    const perMonth = await Promise.all(
      months.map(({ month, first, last }) =>
        // `~` sorts after every character of a dimension, so the day's last item is inside the range.
        this.query(kpiKeys.dayPartition(tenantId, month), `${first.slice(8)}#`, `${last.slice(8)}#~`, filter),
      ),
    );
    return perMonth.flat().map(dayAggregateOf);
  }

  async intervals(tenantId: string, date: string, filter: AggregateFilter): Promise<IntervalAggregate[]> {
    const items = await this.query(kpiKeys.intervalPartition(tenantId, date), '000#', '999#~', filter);
    return items.map(intervalAggregateOf);
  }

  private async query(pk: string, from: string, to: string, filter: AggregateFilter) {
    const { names, values, FilterExpression } = filterExpression(filter);
    const items: Record<string, unknown>[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ...(FilterExpression === undefined ? {} : { FilterExpression, ExpressionAttributeNames: names }),
        ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to, ...values },
      },
    );
    for await (const page of pages) items.push(...(page.Items ?? []));
    return items;
  }
}
