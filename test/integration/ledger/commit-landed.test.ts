import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { verifyLedger } from '../../../shared/app/verify-ledger.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';

const config = useStandInEnvironment();
const db = testDocumentClient();
const tenant = () => `landed-${crypto.randomUUID().slice(0, 8)}`;

/**
 * A client whose first transaction commits and is then reported as cancelled: what a caller sees when the SDK
 * retried a request that had landed (a timeout under load) and the retry failed the conditions the first one met.
 */
function committedButCancelled(): DynamoDBDocumentClient {
  let first = true;
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: unknown) => {
        const out = await target.send(command as never);
        if (first && command instanceof TransactWriteCommand) {
          first = false;
          throw new TransactionCanceledException({
            message: 'Transaction cancelled',
            $metadata: {},
            CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'ConditionalCheckFailed' }],
          });
        }
        return out;
      };
    },
  });
}

describe('ledger commit: an attempt that landed but was reported as failed', () => {
  it('answers with that attempt, and neither the change nor its entry is written twice', async () => {
    const tenantId = tenant();
    const ledger = new DynamoLedgerRepository(committedButCancelled(), config.tableName);
    let prepared = 0;

    const committed = await ledger.commit(tenantId, async () => {
      prepared++;
      return {
        items: [
          {
            Put: {
              TableName: config.tableName,
              Item: { pk: `T#${tenantId}#THING#${prepared}`, sk: 'THING', entity: 'thing', v: 1 },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
        evidence: {
          tenantId,
          occurredAt: '2026-11-02T10:00:00Z',
          actor: 'officer-1',
          actorRole: 'compliance-officer',
          kind: 'thing.added',
          resource: `thing/${prepared}`,
          requestId: 'r1',
          payload: { attempt: prepared },
        },
        result: prepared,
      };
    });

    expect(committed.result).toBe(1);
    expect(committed.entry?.sequence).toBe(1);
    expect(prepared).toBe(1);
    const reader = new DynamoLedgerRepository(db, config.tableName);
    expect(await verifyLedger(reader, undefined, tenantId)).toMatchObject({ valid: true, entries: 1 });
  });

  it('still prepares again when the reported failure was real', async () => {
    const tenantId = tenant();
    const ledger = new DynamoLedgerRepository(db, config.tableName);
    // A concurrent writer's entry 1 is already there: the first attempt's head read is stale by then.
    await new DynamoLedgerRepository(db, config.tableName).append({
      tenantId,
      occurredAt: '2026-11-02T09:00:00Z',
      actor: 'officer-2',
      actorRole: 'compliance-officer',
      kind: 'thing.added',
      resource: 'thing/0',
      requestId: 'r0',
      payload: {},
    });
    let prepared = 0;
    const committed = await ledger.commit(tenantId, async () => {
      prepared++;
      if (prepared === 1) {
        // Move the head under the first attempt, so its transaction is cancelled for real.
        await new DynamoLedgerRepository(db, config.tableName).append({
          tenantId,
          occurredAt: '2026-11-02T09:30:00Z',
          actor: 'officer-2',
          actorRole: 'compliance-officer',
          kind: 'thing.added',
          resource: 'thing/00',
          requestId: 'r00',
          payload: {},
        });
      }
      return {
        items: [
          {
            Put: {
              TableName: config.tableName,
              Item: { pk: `T#${tenantId}#X#${prepared}`, sk: 'X', entity: 'x', v: 1 },
            },
          },
        ],
        evidence: {
          tenantId,
          occurredAt: '2026-11-02T10:00:00Z',
          actor: 'officer-1',
          actorRole: 'compliance-officer',
          kind: 'thing.added',
          resource: 'thing/1',
          requestId: 'r1',
          payload: {},
        },
        result: prepared,
      };
    });
    expect(committed.result).toBe(2);
    expect(committed.entry?.sequence).toBe(3);
    expect(await verifyLedger(new DynamoLedgerRepository(db, config.tableName), undefined, tenantId)).toMatchObject({
      valid: true,
      entries: 3,
    });
  });
});
