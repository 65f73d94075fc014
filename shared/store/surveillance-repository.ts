/**
 * The daily surveillance's items (shared/app/surveillance-run.ts) in the single table, in one partition per tenant
 * (`T#<tenant>#SURVEIL`): a run item per tenant-day (`D#<yyyy-mm-dd>`: running under a claim, released, or
 * completed) and the pointer to the last completed day (`LAST`), the one item the enumerator reads per tenant.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimOutcome, SurveillanceRun, SurveillanceStore } from '../app/surveillance.js';
import { tenantPrefix } from './keys.js';
import type { TransactItem } from './ledger-repository.js';

export const surveillanceKeys = {
  partition: (tenantId: string) => `${tenantPrefix(tenantId)}#SURVEIL`,
  run: (tenantId: string, day: string) => ({ pk: surveillanceKeys.partition(tenantId), sk: `D#${day}` }),
  last: (tenantId: string) => ({ pk: surveillanceKeys.partition(tenantId), sk: 'LAST' }),
};

const RUN_ENTITY = 'surveillance-run';

export class SurveillanceRepository implements SurveillanceStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async lastCompletedDay(tenantId: string): Promise<string | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: surveillanceKeys.last(tenantId), ConsistentRead: true }),
    );
    return out.Item?.day as string | undefined;
  }

  async claim(tenantId: string, day: string, token: string, now: Date, leaseUntil: Date): Promise<ClaimOutcome> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...surveillanceKeys.run(tenantId, day),
            entity: RUN_ENTITY,
            v: 1,
            tenantId,
            day,
            status: 'running',
            token,
            claimedAt: now.toISOString(),
            leaseUntil: leaseUntil.toISOString(),
          },
          ConditionExpression:
            'attribute_not_exists(pk) OR #status = :released OR (#status = :running AND #leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status', '#leaseUntil': 'leaseUntil' },
          ExpressionAttributeValues: { ':released': 'released', ':running': 'running', ':now': now.toISOString() },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return error.Item?.status?.S === 'completed' ? 'completed' : 'busy';
    }
  }

  async release(tenantId: string, day: string, token: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: surveillanceKeys.run(tenantId, day),
          UpdateExpression: 'SET #status = :released REMOVE #leaseUntil',
          ConditionExpression: '#token = :token AND #status = :running',
          ExpressionAttributeNames: { '#status': 'status', '#token': 'token', '#leaseUntil': 'leaseUntil' },
          ExpressionAttributeValues: { ':released': 'released', ':running': 'running', ':token': token },
        }),
      );
    } catch (error) {
      // Not ours any more: nothing to give back.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async progress(tenantId: string, days: readonly string[]) {
    const get = (key: { pk: string; sk: string }) =>
      this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    const [last, ...items] = await Promise.all([
      get(surveillanceKeys.last(tenantId)),
      ...days.map((day) => get(surveillanceKeys.run(tenantId, day))),
    ]);
    const runs = new Map<string, SurveillanceRun>();
    for (const [i, out] of items.entries()) {
      const item = out.Item;
      if (item === undefined) continue;
      runs.set(days[i] as string, {
        status: item.status,
        ...(item.token === undefined ? {} : { token: item.token }),
        ...(item.caughtUpBy === undefined ? {} : { caughtUpBy: item.caughtUpBy }),
      });
    }
    const lastDay = last?.Item?.day as string | undefined;
    return { runs, ...(lastDay === undefined ? {} : { last: lastDay }) };
  }

  completionWrites(c: Parameters<SurveillanceStore['completionWrites']>[0]): TransactItem[] {
    const { tenantId, day, token, at } = c;
    const names = { '#status': 'status' };
    const run: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: {
          ...surveillanceKeys.run(tenantId, day),
          entity: RUN_ENTITY,
          v: 1,
          tenantId,
          day,
          status: 'completed',
          token,
          completedAt: at,
        },
        ConditionExpression: '#token = :token AND #status = :running',
        ExpressionAttributeNames: { ...names, '#token': 'token' },
        ExpressionAttributeValues: { ':token': token, ':running': 'running' },
      },
    };
    const caughtUp: TransactItem[] = c.caughtUp.map((missed) => ({
      Put: {
        TableName: this.tableName,
        Item: {
          ...surveillanceKeys.run(tenantId, missed),
          entity: RUN_ENTITY,
          v: 1,
          tenantId,
          day: missed,
          status: 'completed',
          caughtUpBy: day,
          completedAt: at,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR #status <> :completed',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':completed': 'completed' },
      },
    }));
    const pointer: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: { ...surveillanceKeys.last(tenantId), entity: 'surveillance-last', v: 1, tenantId, day: c.last, at },
        ...(c.previousLast === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#day = :previous',
              ExpressionAttributeNames: { '#day': 'day' },
              ExpressionAttributeValues: { ':previous': c.previousLast },
            }),
      },
    };
    return [run, ...caughtUp, pointer];
  }
}
