import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import { ContactCompleted } from '../../../events/telephony.js';
import { eventHandler } from '../../../shared/runtime/event-handler.js';
import { DynamoDeadLetterRepository } from '../../../shared/store/dead-letter-repository.js';
import { writeOnce } from '../../../shared/store/transact.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';

const config = useStandInEnvironment();
const { handler } = await import('../../../functions/record-contact-completed/handler.js');
const db = testDocumentClient();
const deadLetters = new DynamoDeadLetterRepository(db, config.tableName);
const sampleText = readFileSync('events/samples/contact.completed.json', 'utf8');
const sample = JSON.parse(sampleText) as Record<string, unknown>;
const run = promisify(execFile);

const context = {
  functionName: 'record-contact-completed',
  awsRequestId: 'test',
  getRemainingTimeInMillis: () => 30_000,
} as Context;

/** The event a target gets for a PutEvents entry whose `Detail` is `detailText`. */
function event(detailText: string, id = crypto.randomUUID()): EventBridgeEvent {
  return {
    version: '0',
    id,
    'detail-type': 'contact.completed',
    source: 'ccc.telephony',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'eu-west-3',
    resources: [],
    detail: JSON.parse(detailText),
  };
}

const newTenant = () => `ref-${crypto.randomUUID().slice(0, 8)}`;

async function lettersOf(tenantId: string) {
  const out = await db.send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `T#${tenantId}#DEADLETTER` },
    }),
  );
  return out.Items ?? [];
}

function nested(depth: number): unknown {
  return depth === 0 ? 'leaf' : { level: nested(depth - 1) };
}

describe('Function: record-contact-completed, events the store could never take', () => {
  it.each([
    ['talkSeconds of 1e200', (t: string) => t.replace('"talkSeconds": 356', '"talkSeconds": 1e200'), 'talkSeconds'],
    ['talkSeconds of 1e400', (t: string) => t.replace('"talkSeconds": 356', '"talkSeconds": 1e400'), 'talkSeconds'],
    ['a contact dated 9999-12-31', (t: string) => t.replaceAll('2026-11-02T', '9999-12-31T'), 'endedAt'],
    ['a deeply nested extra field', (t: string) => JSON.stringify({ ...JSON.parse(t), extra: nested(40) }), '(detail)'],
  ])('refuses %s once, as a listed dead letter, instead of failing on every retry', async (_label, edit, path) => {
    const tenantId = newTenant();
    const id = crypto.randomUUID();

    const outcome = await handler(event(edit(sampleText.replace('"acme-energy"', `"${tenantId}"`)), id), context);

    expect(outcome).toBe('dead-lettered');
    const letters = await lettersOf(tenantId);
    expect(letters).toHaveLength(1);
    expect(letters[0]?.reason).toBe('detail failed schema validation');
    expect(letters[0]?.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it('keeps only what diagnoses a refused event: no customerRef, agentId, reason text or nested values', async () => {
    const tenantId = newTenant();
    const detail = { ...sample, tenantId, customerRef: '+33 6 12 34 56 78', extra: nested(3) };

    expect(await handler(event(JSON.stringify(detail)), context)).toBe('dead-lettered');

    const [letter] = await lettersOf(tenantId);
    expect(letter?.issues).toContainEqual({
      path: 'customerRef',
      message: 'customerRef must be a pseudonymised reference, not a phone number',
    });
    expect(letter?.event.detail).toEqual({
      schemaVersion: 1,
      tenantId,
      centerId: 'lyon-1',
      contactId: sample.contactId,
      channel: 'voice',
      direction: 'inbound',
      occurredAt: sample.occurredAt,
      initiatedAt: sample.initiatedAt,
      queuedAt: sample.queuedAt,
      answeredAt: sample.answeredAt,
      endedAt: sample.endedAt,
    });
    expect(JSON.stringify(letter)).not.toMatch(/12 34 56|agent-042|invoice-question/);
  });

  it("checks dates against the handler's injected clock", async () => {
    const tenantId = newTenant();
    const fiveYearsOn = eventHandler(
      ContactCompleted,
      async () => 'applied' as const,
      () => ({
        deadLetters,
        now: () => new Date('2031-11-03T00:00:00Z'),
      }),
    );

    expect(await fiveYearsOn(event(JSON.stringify({ ...sample, tenantId })), context)).toBe('dead-lettered');
    const [letter] = await lettersOf(tenantId);
    expect(letter?.receivedAt).toBe('2031-11-03T00:00:00.000Z');
    expect(letter?.issues).toContainEqual({
      path: 'endedAt',
      message: 'more than 1826 days (5 years) before the event was received',
    });
  });
});

describe('Function: eventHandler, store refusals', () => {
  const oversized = 'x'.repeat(410 * 1024);
  const handlerWith = (useCase: () => Promise<'applied'>) =>
    eventHandler(ContactCompleted, useCase, () => ({ deadLetters }));

  it.each([
    [
      'a put',
      () =>
        db.send(new PutCommand({ TableName: config.tableName, Item: { pk: 'X', sk: crypto.randomUUID(), oversized } })),
    ],
    [
      'a transaction',
      () =>
        writeOnce(db, [
          {
            Put: {
              TableName: config.tableName,
              Item: { pk: `X#${crypto.randomUUID()}`, sk: 'X', oversized },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ]),
    ],
  ])('dead-letters, once and with the reason, an item DynamoDB refuses in %s', async (_label, write) => {
    const tenantId = newTenant();
    let calls = 0;
    const refused = handlerWith(async () => {
      calls++;
      await write();
      return 'applied';
    });

    expect(await refused(event(JSON.stringify({ ...sample, tenantId })), context)).toBe('dead-lettered');

    expect(calls).toBe(1);
    const letters = await lettersOf(tenantId);
    expect(letters).toHaveLength(1);
    expect(letters[0]?.reason).toMatch(/^the store refused the event: .*size/i);
  });

  it('rethrows a transient failure so that it is retried', async () => {
    const tenantId = newTenant();
    const throttled = handlerWith(async () => {
      throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
        name: 'ProvisionedThroughputExceededException',
      });
    });

    await expect(throttled(event(JSON.stringify({ ...sample, tenantId })), context)).rejects.toThrow(/throughput/);
    expect(await lettersOf(tenantId)).toHaveLength(0);
  });
});

describe('Command: npm run dead-letters -- invalid', () => {
  it('says when more refused events exist than it shows', async () => {
    const tenantId = newTenant();
    const now = Date.now();
    await Promise.all(
      Array.from({ length: 101 }, (_, i) =>
        deadLetters.put({
          id: crypto.randomUUID(),
          receivedAt: new Date(now + 60_000 + i).toISOString(),
          tenantId,
          source: 'ccc.telephony',
          detailType: 'contact.completed',
          reason: 'detail failed schema validation',
          event: {},
        }),
      ),
    );

    const { stdout } = await run('npx', ['tsx', 'infra/local/dead-letters.ts', 'invalid'], {
      env: {
        ...process.env,
        DYNAMODB_PORT: new URL(config.endpoints.dynamodb as string).port,
        TABLE_NAME: config.tableName,
      },
    });

    expect(stdout).toContain('100 refused event(s), newest first (kept 30 days).');
    expect(stdout).toContain('More exist than shown: only the newest 100 are listed.');
    expect((await deadLetters.listRecent(100)).more).toBe(true);
  });
});
