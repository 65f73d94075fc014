/**
 * The demo's quality and governance records (infra/local/demo/quality.ts) loaded as `npm start` loads them: by the
 * demo loader, through the local bus (which delivers concurrently) to the real consumer
 * (functions/record-quality-event) on DynamoDB Local, each event once the bus has delivered the ones before. None is
 * dead-lettered, the nonconformities stand where the demo says, and the readiness route reads the documents, the
 * audit and the review. The demo tenants get a suffix of their own, so the run shares the table with other tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoGenerator, loadDemo, previousMonth, qualityGenerator } from '../../../infra/local/demo/load-demo.js';
import { demoQuality, qualityEvents } from '../../../infra/local/demo/quality.js';
import { DEFAULT_DEMO_TENANTS } from '../../../infra/local/demo/tenants.js';
import { type LocalEventBus, startLocalEventBus } from '../../../infra/local/event-bus/index.js';
import { QualityRepository } from '../../../shared/store/quality-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { callApi } from '../kpis/support/api-event.js';

const config = useStandInEnvironment();
const { handler } = await import('../../../functions/record-quality-event/handler.js');
const readiness = (await import('../../../functions/get-readiness/handler.js')).handler;
const db = testDocumentClient();
const quality = new QualityRepository(db, config.tableName);

const run = crypto.randomUUID().slice(0, 8);
const tenants = DEFAULT_DEMO_TENANTS.map((t) => ({ ...t, tenantId: `${t.tenantId}-${run}` }));
const now = new Date();
const records = demoQuality({ month: previousMonth(now), tenants });
const context = { functionName: 'record-quality-event', awsRequestId: 'test' } as Context;
/** The demo's own generator, over the suffixed tenants. */
const generator: DemoGenerator = { ...qualityGenerator, events: () => qualityEvents(records) };
const BUS = 'ccc-compliance';
let bus: LocalEventBus;
let dir: string;

async function deadLetters(tenantId: string) {
  const out = await db.send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `T#${tenantId}#DEADLETTER` },
    }),
  );
  return out.Items ?? [];
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'demo-quality-'));
  bus = await startLocalEventBus({
    port: 0,
    busName: BUS,
    targets: [
      {
        ruleName: 'QualityToRecordQualityEvent',
        targetName: 'record-quality-event',
        eventPattern: { source: ['ccc.quality', 'ccc.governance'] },
        invoke: async (event) => {
          await handler(event, context);
        },
      },
    ],
    deadLetterFile: join(dir, 'dead-letters.jsonl'),
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
  });
  const result = await loadDemo({
    endpoint: bus.url,
    busName: BUS,
    now,
    generators: [generator],
    delivered: () => bus.idle(),
  });
  await bus.idle();
  expect(result.byGenerator.quality).toEqual({ sent: 31, failed: 0 });
}, 60_000);

afterAll(async () => {
  await bus?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('Demo: quality records through record-quality-event', () => {
  it.each(tenants.map((t, i) => [t.tenantId, i] as const))(
    '%s: nothing dead-lettered; one nonconformity closed, one in progress, the rest open',
    async (tenantId, i) => {
      expect(await deadLetters(tenantId)).toEqual([]);
      expect(bus.stats()).toMatchObject({ deadLettered: 0, delivered: 31 });
      const r = records[i]!;
      const all = new Map((await quality.nonconformities(tenantId)).map((n) => [n.nonconformityId, n]));
      expect(all.get(r.closed)?.status).toBe('closed');
      expect(all.get(r.overdueAction.nonconformityId)).toMatchObject({
        status: 'in-progress',
        actions: [{ actionId: 'a1', status: 'planned', dueOn: r.overdueAction.dueOn }],
      });
      for (const id of r.open) expect(all.get(id)?.status, id).toBe('open');
      expect(all.size).toBe(2 + r.open.length);
    },
  );

  it('shows both tenants past their scope, plan and internal audit in readiness; the second with its strategy past review', async () => {
    const [acme, northwind] = await Promise.all(
      tenants.map((t) =>
        callApi(readiness, {
          method: 'GET',
          route: '/v1/tenants/{tenantId}/readiness',
          tenantId: t.tenantId,
          groups: '[auditor]',
        }),
      ),
    );
    const statuses = (body: Record<string, unknown>) =>
      (body.path as { steps: Array<{ status: string }> }).steps.map((s) => s.status);
    // No control evaluated in this test: the gap analysis (2) has not started; documents and audit are in.
    expect(statuses(acme!.body).slice(0, 7)).toEqual([
      'done',
      'not-started',
      'done',
      'done',
      'not-started',
      'in-progress',
      'in-progress',
    ]);
    expect(statuses(northwind!.body).slice(0, 7)).toEqual([
      'done',
      'not-started',
      'done',
      'in-progress',
      'not-started',
      'in-progress',
      'not-started',
    ]);
    const missing = (body: Record<string, unknown>) => body.missing as Array<{ kind: string; ref: string }>;
    expect(missing(northwind!.body).filter((m) => m.kind === 'document')).toEqual([
      expect.objectContaining({ ref: 'cx-strategy' }),
    ]);
    expect(missing(acme!.body).filter((m) => m.kind === 'document')).toEqual([]);
    // The internal audit left clause 9 out; the management review is held.
    for (const body of [acme!.body, northwind!.body]) {
      expect(
        missing(body)
          .filter((m) => m.kind === 'internal-audit')
          .map((m) => m.ref),
      ).toEqual(['9']);
      expect(missing(body).some((m) => m.kind === 'management-review')).toBe(false);
    }
  });
});
