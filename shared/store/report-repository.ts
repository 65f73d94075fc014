/**
 * Monthly report items (shared/app/monthly-reports.ts) in the single table: one per tenant and month
 * (`T#<tenant>#REPORT` / `M#<yyyy-mm>`), the latest version of the month's report with each recipient's delivery,
 * read newest month first. Every write is conditioned on the version and generation it replaces, which keeps two
 * producers of the same month (the daily surveillance and a POST) from both sending it.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type MonthlyReportRecord,
  ReportConflictError,
  type ReportExpectation,
  type ReportStore,
} from '../app/monthly-reports.js';
import { tenantPrefix } from './keys.js';
import type { TransactItem } from './ledger-repository.js';

export const REPORT_ENTITY = 'monthly-report';

export const reportKeys = {
  partition: (tenantId: string) => `${tenantPrefix(tenantId)}#REPORT`,
  report: (tenantId: string, month: string) => ({ pk: reportKeys.partition(tenantId), sk: `M#${month}` }),
};

const ITEM_ONLY = new Set(['pk', 'sk', 'entity', 'v']);

function recordOf(item: Record<string, unknown>): MonthlyReportRecord {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_ONLY.has(k))) as unknown as MonthlyReportRecord;
}

function condition(expected: ReportExpectation) {
  if (expected === 'absent') return { ConditionExpression: 'attribute_not_exists(pk)' };
  return {
    ConditionExpression: '#version = :version AND #generatedAt = :generatedAt',
    ExpressionAttributeNames: { '#version': 'version', '#generatedAt': 'generatedAt' },
    ExpressionAttributeValues: { ':version': expected.version, ':generatedAt': expected.generatedAt },
  };
}

export class ReportRepository implements ReportStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async report(tenantId: string, month: string): Promise<MonthlyReportRecord | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: reportKeys.report(tenantId, month), ConsistentRead: true }),
    );
    return out.Item === undefined ? undefined : recordOf(out.Item);
  }

  async page(tenantId: string, limit: number, after?: string) {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': reportKeys.partition(tenantId) },
        ScanIndexForward: false,
        // One more than asked: DynamoDB hands back a LastEvaluatedKey whenever the limit is reached, even at the end.
        Limit: limit + 1,
        ...(after === undefined ? {} : { ExclusiveStartKey: reportKeys.report(tenantId, after) }),
      }),
    );
    const items = (out.Items ?? []).map(recordOf);
    const reports = items.slice(0, limit);
    const last = reports.at(-1);
    return { reports, ...(items.length > limit && last !== undefined ? { next: last.month } : {}) };
  }

  async save(record: MonthlyReportRecord, expected: ReportExpectation): Promise<void> {
    try {
      await this.db.send(new PutCommand(this.write(record, expected).Put as never));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new ReportConflictError(`the report of ${record.month} was written by another producer meanwhile`);
      throw error;
    }
  }

  write(record: MonthlyReportRecord, expected: ReportExpectation): TransactItem {
    const key = reportKeys.report(record.tenantId, record.month);
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...key, entity: REPORT_ENTITY, v: 1, ...record },
        ...condition(expected),
      },
    };
  }
}
