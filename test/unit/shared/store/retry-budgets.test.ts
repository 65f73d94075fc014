import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LEDGER_COMMIT_RETRY, TRANSACTION_CONFLICT_RETRY } from '../../../../shared/app/budgets.js';
import { ContentionError, DynamoLedgerRepository, type Evidence } from '../../../../shared/store/ledger-repository.js';
import { writeOnce } from '../../../../shared/store/transact.js';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
const dynamo = mockClient(db);

/** A cancelled transaction, as DynamoDB reports it: one reason per item, in order. */
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const items = [{ Put: { TableName: 't', Item: { pk: 'marker', sk: 'marker' }, ConditionExpression: 'x' } }];

const evidence: Evidence = {
  tenantId: 'acme-energy',
  occurredAt: '2026-11-02T10:00:00Z',
  actor: 'user-1',
  actorRole: 'manager',
  kind: 'agreement.changed',
  payload: {},
};

/** Runs `work` with fake timers, firing every backoff timer as it is set. */
async function withoutWaiting<T>(work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers();
  const outcome = work().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.runAllTimersAsync();
  const settled = await outcome;
  if ('error' in settled) throw settled.error;
  return settled.value;
}

afterEach(() => {
  vi.useRealTimers();
  dynamo.reset();
});

describe('writeOnce: transaction conflicts retried within TRANSACTION_CONFLICT_RETRY', () => {
  it('applies the write after conflicting transactions, trying again each time', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'TransactionConflict'))
      .rejectsOnce(cancelled('TransactionConflict', 'None'))
      .resolves({});
    await expect(withoutWaiting(() => writeOnce(db, items))).resolves.toBe('applied');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('answers duplicate, without retrying, when the marker already exists', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    await expect(withoutWaiting(() => writeOnce(db, items))).resolves.toBe('duplicate');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('throws a cancellation that is not a conflict at once', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    await expect(withoutWaiting(() => writeOnce(db, items))).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('gives up, with the conflict, once the budget is spent', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('TransactionConflict'));
    await expect(withoutWaiting(() => writeOnce(db, items))).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(TRANSACTION_CONFLICT_RETRY.retries + 1);
  });
});

describe('ledger commit: a lost race prepared again within LEDGER_COMMIT_RETRY', () => {
  const ledger = new DynamoLedgerRepository(db, 't', () => new Date('2026-11-02T10:00:01Z'));

  it('prepares again from fresh reads after every cancellation, then commits', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'ConditionalCheckFailed'))
      .rejectsOnce(cancelled('TransactionConflict'))
      .resolves({});
    const prepare = vi.fn(async () => ({ items: [], evidence, result: 'done' }));
    const committed = await withoutWaiting(() => ledger.commit('acme-energy', prepare));
    expect(committed.result).toBe('done');
    expect(committed.entry?.sequence).toBe(1);
    expect(prepare).toHaveBeenCalledTimes(3);
    // A head read per attempt, and before each retry a look for the previous attempt's entry (it may have landed).
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(3 + 2);
  });

  it('answers ContentionError once every attempt lost', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    const prepare = vi.fn(async () => ({ items: [], evidence, result: 'done' }));
    await expect(withoutWaiting(() => ledger.commit('acme-energy', prepare))).rejects.toBeInstanceOf(ContentionError);
    expect(prepare).toHaveBeenCalledTimes(LEDGER_COMMIT_RETRY.retries + 1);
  });

  it('throws any other error at once, without preparing again', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    const prepare = vi.fn(async () => ({ items: [], evidence, result: 'done' }));
    await expect(withoutWaiting(() => ledger.commit('acme-energy', prepare))).rejects.toThrow('throttled');
    expect(prepare).toHaveBeenCalledTimes(1);
  });
});
