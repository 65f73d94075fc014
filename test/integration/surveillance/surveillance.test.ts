/**
 * The daily surveillance on DynamoDB Local, composed as functions/surveil-tenant composes it (the catalogue replaced
 * by one daily control whose evaluation the test sets, the monthly reports by a fake DueReports): a tenant-day runs
 * once, also when delivered again or twice at once; its run item, pointer and ledger entry are one transaction (the
 * chain verifies); missed days are caught up; a failing run is retried by the local queue and dead-lettered with its
 * reason; and the enumerator's real SQS client fans two tenants out through the local queue stand-in.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveilBatch } from '../../../functions/surveil-tenant/batch.js';
import { startLocalEventBus } from '../../../infra/local/event-bus/index.js';
import { createLocalQueues, type QueueDeadLetter } from '../../../infra/local/queues/index.js';
import { SqsSurveillanceQueue } from '../../../shared/adapters/surveillance-queue.js';
import { AddAgreementVersion } from '../../../shared/app/add-agreement-version.js';
import { defineControl, type Evaluation } from '../../../shared/app/controls/control-definition.js';
import { type ControlFactSources, EvaluateControls } from '../../../shared/app/evaluate-controls.js';
import type { DueReports, SurveillanceMessage, SurveillanceStore } from '../../../shared/app/surveillance.js';
import { EnumerateSurveillance } from '../../../shared/app/surveillance-enumerator.js';
import { SurveilTenant } from '../../../shared/app/surveillance-run.js';
import { verifyLedger } from '../../../shared/app/verify-ledger.js';
import { AgreementInput } from '../../../shared/domain/agreement/agreement-schema.js';
import { AgreementRepository } from '../../../shared/store/agreement-repository.js';
import { conditionalWriter } from '../../../shared/store/conditional-writer.js';
import { ControlStateRepository } from '../../../shared/store/control-state-repository.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { QualityRepository } from '../../../shared/store/quality-repository.js';
import { SurveillanceRepository } from '../../../shared/store/surveillance-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';

const config = useStandInEnvironment();
const db = testDocumentClient();
const ledger = new DynamoLedgerRepository(db, config.tableName);
const agreements = new AgreementRepository(db, config.tableName);
const store = new SurveillanceRepository(db, config.tableName);
const run = crypto.randomUUID().slice(0, 8);
const LEASE_MS = 60_000;

const compliant: Evaluation = { status: 'compliant', detail: { lapsed: 0 } };
const breached: Evaluation = { status: 'breached', detail: { lapsed: 1 } };
let evaluation: Evaluation = compliant;
const control = defineControl({
  controlId: 'P1-CMP-ACK',
  clause: '4.4',
  source: 'ISO 18295-1',
  requirement: 'Every complaint is acknowledged in time',
  cadence: 'daily',
  severity: 'major',
  switchable: false,
  facts: [],
  evaluate: () => evaluation,
});
const engine = new EvaluateControls({
  catalogue: [control],
  facts: {} as ControlFactSources,
  agreements,
  store: new ControlStateRepository(db, config.tableName),
  ledger,
  writer: conditionalWriter(db),
  nonconformities: new QualityRepository(db, config.tableName),
  publisher: { publish: async () => undefined },
  tenants: { heads: async function* () {} },
});

/** A DueReports that records its calls, answers `month`, or throws `failure`. */
function dueReports(options: { month?: string; failure?: string } = {}) {
  const calls: string[] = [];
  const reports: DueReports = {
    produceDue: async (tenantId) => {
      calls.push(tenantId);
      if (options.failure !== undefined) throw new Error(options.failure);
      return options.month === undefined ? undefined : { month: options.month };
    },
  };
  return { calls, reports };
}

const worker = (reports: DueReports, surveillanceStore: SurveillanceStore = store) =>
  new SurveilTenant({ store: surveillanceStore, engine, reports, agreements, ledger });

async function tenant(name: string, timeZone = 'Europe/Paris'): Promise<string> {
  const tenantId = `surv-${name}-${run}`;
  await new AddAgreementVersion(agreements, ledger).add(
    tenantId,
    AgreementInput.parse({ effectiveFrom: '2026-01-01', timeZone: { value: timeZone } }),
    { recordedBy: 'officer-1', role: 'compliance-officer', recordedAt: new Date('2025-12-01T00:00:00Z') },
  );
  return tenantId;
}

const message = (tenantId: string, day: string, missedDays: string[] = []): SurveillanceMessage => ({
  tenantId,
  day,
  scheduledTime: `${day}T04:00:00.000Z`,
  missedDays,
});

async function runEntries(tenantId: string) {
  const found = [];
  for await (const entry of ledger.entries(tenantId))
    if (entry.kind === 'surveillance.run-completed') found.push(entry);
  return found;
}

const at = (day: string) => new Date(`${day}T04:00:05.000Z`);
const clock = { now: () => new Date('2026-12-03T04:00:05.000Z'), leaseMs: () => LEASE_MS };
const silent = { done: () => undefined, failed: () => undefined };

describe('Daily surveillance on DynamoDB Local', () => {
  it('runs a tenant-day once: a second delivery and two racing ones change nothing, and the chain verifies', async () => {
    const tenantId = await tenant('once');
    const { calls, reports } = dueReports({ month: '2026-11' });
    evaluation = breached;
    const first = await worker(reports).run(message(tenantId, '2026-12-01'), at('2026-12-01'), LEASE_MS);
    expect(first).toMatchObject({
      outcome: 'completed',
      summary: { day: '2026-12-01', evaluated: 1, transitions: 1, breached: 1, caughtUp: [], reportMonth: '2026-11' },
    });
    expect(await worker(reports).run(message(tenantId, '2026-12-01'), at('2026-12-01'), LEASE_MS)).toEqual({
      outcome: 'skipped',
      reason: 'already completed',
    });

    // The next day, delivered twice at once: one runs, the other fails (its redelivery finds the day completed).
    const racing = await Promise.allSettled([
      worker(reports).run(message(tenantId, '2026-12-02'), at('2026-12-02'), LEASE_MS),
      worker(reports).run(message(tenantId, '2026-12-02'), at('2026-12-02'), LEASE_MS),
    ]);
    const completed = racing.filter((r) => r.status === 'fulfilled' && r.value.outcome === 'completed');
    expect(completed).toHaveLength(1);
    expect(racing.filter((r) => r.status === 'rejected').map((r) => (r.reason as Error).name)).toEqual([
      'DayInProgressError',
    ]);
    expect(await worker(reports).run(message(tenantId, '2026-12-02'), at('2026-12-02'), LEASE_MS)).toMatchObject({
      outcome: 'skipped',
    });

    const entries = await runEntries(tenantId);
    expect(entries.map((e) => e.payload.day)).toEqual(['2026-12-01', '2026-12-02']);
    expect(entries[0]?.payload).toMatchObject({ evaluated: 1, breached: 1, reportMonth: '2026-11', failures: 0 });
    expect(entries[0]).toMatchObject({ actor: 'system:surveillance', resource: 'surveillance/2026-12-01' });
    expect(calls).toEqual([tenantId, tenantId]);
    expect(await store.lastCompletedDay(tenantId)).toBe('2026-12-02');
    const { runs } = await store.progress(tenantId, ['2026-12-02']);
    expect(runs.get('2026-12-02')?.status).toBe('completed');
    expect(await verifyLedger(ledger, undefined, tenantId)).toMatchObject({ valid: true });
  });

  it('catches up after missed days: the enumerator names them, the run records them, a late message skips', async () => {
    evaluation = compliant;
    const tenantId = await tenant('catchup', 'Pacific/Auckland');
    await worker(dueReports().reports).run(message(tenantId, '2026-11-28'), at('2026-11-28'), LEASE_MS);
    // The machine was off from 29 November: December's first day was missed, so November's report is owed.
    const { calls, reports } = dueReports({ month: '2026-11' });

    const enumerator = new EnumerateSurveillance({
      tenants: { heads: async function* () {} },
      agreements,
      store,
      queue: { send: async () => ({ failed: [] }) },
    });
    // 04:00 UTC on 3 December is 17:00 the same day in Auckland (UTC+13 in summer).
    const due = await enumerator.messageFor(tenantId, new Date('2026-12-03T04:00:00.000Z'));
    expect(due).toEqual({
      tenantId,
      day: '2026-12-03',
      scheduledTime: '2026-12-03T04:00:00.000Z',
      missedDays: ['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'],
    });
    const done = await worker(reports).run(due as SurveillanceMessage, at('2026-12-03'), LEASE_MS);
    expect(done).toMatchObject({ summary: { caughtUp: due?.missedDays, reportMonth: '2026-11' } });
    expect(calls).toEqual([tenantId]);
    expect((await runEntries(tenantId)).at(-1)?.payload.caughtUp).toEqual(due?.missedDays);

    expect(await enumerator.messageFor(tenantId, new Date('2026-12-03T04:00:00.000Z'))).toBeUndefined();
    expect(await worker(reports).run(message(tenantId, '2026-11-30'), at('2026-12-03'), LEASE_MS)).toMatchObject({
      outcome: 'skipped',
    });
    const { runs } = await store.progress(tenantId, ['2026-11-30']);
    expect(runs.get('2026-11-30')).toMatchObject({ status: 'completed', caughtUpBy: '2026-12-03' });
    expect(await verifyLedger(ledger, undefined, tenantId)).toMatchObject({ valid: true });
  });

  describe('through the local queue', () => {
    const dir = mkdtempSync(join(tmpdir(), 'surveillance-queue-'));
    const deadLetters = (file: string): QueueDeadLetter[] =>
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as QueueDeadLetter);

    it('retries a failing run three times, then dead-letters it with the reason; the day stays to be done', async () => {
      const tenantId = await tenant('failing');
      const failingReports = dueReports({ failure: 'SES is refusing everything' });
      // The table fails after the claim, as it would mid-run.
      const down = new (class extends SurveillanceRepository {
        override async progress(): Promise<never> {
          throw new Error('the table is unavailable');
        }
      })(db, config.tableName);
      const consumers = {
        report: worker(failingReports.reports),
        store: worker(dueReports().reports, down),
      };
      let receives = 0;
      const queues = createLocalQueues({
        dir,
        queues: (['report', 'store'] as const).map((name) => ({
          name,
          visibilityDelayMs: 20,
          consumer: async (event: SQSEvent) => {
            receives++;
            return surveilBatch(consumers[name], event.Records, clock, silent);
          },
        })),
      });
      queues.queues.get('report')?.send(JSON.stringify(message(tenantId, '2026-12-01')));
      queues.queues.get('store')?.send(JSON.stringify(message(tenantId, '2026-12-02')));
      await queues.idle();

      expect(receives).toBe(6);
      expect(failingReports.calls).toHaveLength(3);
      const [byReport] = deadLetters(queues.deadLetterFile('report'));
      expect(byReport).toMatchObject({ queue: 'report', receiveCount: 3 });
      expect(byReport?.reason).toContain('SES is refusing everything');
      const [byStore] = deadLetters(queues.deadLetterFile('store'));
      expect(byStore?.reason).toContain('the table is unavailable');
      // Released, not completed: the next day's enumeration names it as missed.
      const { runs, last } = await store.progress(tenantId, ['2026-12-01', '2026-12-02']);
      expect([runs.get('2026-12-01')?.status, runs.get('2026-12-02')?.status, last]).toEqual([
        'released',
        'released',
        undefined,
      ]);
      expect(await runEntries(tenantId)).toEqual([]);
      await queues.close();
    });

    describe('fan-out with the real SQS client', () => {
      const queues = createLocalQueues({
        dir,
        queues: [
          {
            name: 'ccc-surveillance',
            visibilityDelayMs: 20,
            consumer: async (event) => surveilBatch(worker(dueReports().reports), event.Records, clock, silent),
          },
        ],
      });
      let bus: Awaited<ReturnType<typeof startLocalEventBus>>;
      let url = '';
      beforeAll(async () => {
        bus = await startLocalEventBus({
          port: 0,
          busName: 'surveillance-test',
          targets: [],
          deadLetterFile: join(dir, 'events.jsonl'),
          otherAwsOperations: queues.awsOperations(() => url),
        });
        url = bus.url;
      });
      afterAll(async () => {
        await queues.close();
        await bus.close();
      });

      it('sends one message per tenant whose day is not done, and each is surveilled once', async () => {
        evaluation = compliant;
        const tenants = [await tenant('fan-a'), await tenant('fan-b', 'America/New_York')];
        const sqs = new SQSClient({
          region: 'eu-west-3',
          endpoint: bus.url,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        });
        const enumerator = new EnumerateSurveillance({
          tenants: {
            heads: async function* () {
              for (const tenantId of tenants) yield { tenantId };
            },
          },
          agreements,
          store,
          queue: new SqsSurveillanceQueue(sqs, queues.urlOf(bus.url, 'ccc-surveillance')),
        });
        const scheduled = new Date('2026-12-03T04:00:00.000Z');
        expect(await enumerator.run(scheduled)).toEqual({ tenants: 2, enqueued: 2, done: 0, failed: 0, notSent: [] });
        await queues.idle();
        // 04:00 UTC is 23:00 the day before in New York.
        expect(await Promise.all(tenants.map((t) => store.lastCompletedDay(t)))).toEqual(['2026-12-03', '2026-12-02']);
        expect(await enumerator.run(scheduled)).toMatchObject({ enqueued: 0, done: 2 });
        for (const t of tenants) expect(await runEntries(t)).toHaveLength(1);
        sqs.destroy();
      });
    });
  });
});
