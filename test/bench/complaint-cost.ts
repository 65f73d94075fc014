/**
 * What the complaint path costs (issue 11), on DynamoDB Local through the product's compositions (the handlers' in
 * functions/record-complaint-event/handler.ts and functions/evaluate-complaints/handler.ts, the bus publisher
 * replaced by one that drops what it is given):
 *
 * - `events`: write and read units per complaint event (received, with and without a `contactId`, acknowledged,
 *   resolved) applied through ComplaintRegister (shared/app/complaint-register.ts), one at a time, and the events
 *   applied per second one at a time, 8 at a time on one tenant (its ledger chain serialises them: a loser prepares
 *   again) and 8 at a time on 8 tenants;
 * - `sweep`: the hourly sweep (shared/app/evaluate-complaints.ts) over one tenant's open complaints, three runs: all
 *   complaints on time (read only), all overdue (each raises its two alerts), the next hour (nothing new);
 * - `contacts`: the extra units the contact path (shared/store/dynamo-contact-recorder.ts, the agreement's policy
 *   lookup) spends on a handled contact whose reason the agreement counts as a complaint (its register expectation,
 *   shared/store/complaint-register-items.ts) against one of another reason;
 * - `businessTime`: the median time of `deadlineAt` (shared/domain/calendar/business-time.ts) on the default
 *   agreement's calendar (Europe/Paris, Monday to Friday 09:00–18:00, French public holidays), no store.
 *
 * Every command asks for its consumed capacity (ReturnConsumedCapacity TOTAL, set by a middleware on the client the
 * bench hands to the product) and is counted for the label of its async context. DynamoDB Local reports 0 units for
 * a query that finds nothing (the agreement versions of a tenant on the default agreement, an empty listing), where
 * DynamoDB bills a minimum: `readsAtZero` counts those reads. Its units for transactions are its own too (the
 * register link's update adds none to a receipt's transaction): the figures compare paths on one table, they are
 * not a bill.
 *
 * The events and sweeps run at fixed instants of November 2026 (the register's and the sweep's clock), so the
 * deadlines and the alerts they raise are the same on every run.
 *
 * Standalone: `node --openssl-legacy-provider --import tsx test/bench/complaint-cost.ts [--quick]` starts DynamoDB
 * Local itself; `benchComplaintCost` runs against a running system (test/bench/run.ts).
 */
import './environment.js';
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  ComplaintAcknowledged,
  ComplaintAcknowledgedDetail,
  type ComplaintEvent,
  ComplaintReceived,
  ComplaintReceivedDetail,
  ComplaintResolved,
  ComplaintResolvedDetail,
} from '../../events/complaints.js';
import type { ContactCompletedDetail } from '../../events/telephony.js';
import { ACME_ENERGY } from '../../infra/local/demo/acme-energy.js';
import { simulateMonth } from '../../infra/local/demo/simulator.js';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import type { OutgoingEvent } from '../../shared/app/assemble-vendor-contact.js';
import { ComplaintRegister } from '../../shared/app/complaint-register.js';
import { ContentionError } from '../../shared/app/contention.js';
import { type ComplaintSweepReport, EvaluateComplaints } from '../../shared/app/evaluate-complaints.js';
import type { Deadline } from '../../shared/domain/agreement/agreement-schema.js';
import { businessCalendarOf } from '../../shared/domain/agreement/agreement-versions.js';
import { defaultAgreementVersion } from '../../shared/domain/agreement/default-agreement.js';
import { deadlineAt } from '../../shared/domain/calendar/business-time.js';
import type { RuntimeConfig } from '../../shared/runtime/config.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { ComplaintRepository } from '../../shared/store/complaint-repository.js';
import { conditionalWriter } from '../../shared/store/conditional-writer.js';
import { DynamoContactRecorder } from '../../shared/store/dynamo-contact-recorder.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import { round } from './bus-throughput.js';

const READ_COMMAND = /^(Get|BatchGet|TransactGet|Query|Scan)/;

interface Units {
  readUnits: number;
  writeUnits: number;
  reads: number;
  writes: number;
  /** Reads that reported no units: DynamoDB Local reports 0 for a query that finds nothing. */
  readsAtZero: number;
  /** Commands that failed (a cancelled transaction, a failed condition): their retry is counted too. */
  failed: number;
}

const zero = (): Units => ({ readUnits: 0, writeUnits: 0, reads: 0, writes: 0, readsAtZero: 0, failed: 0 });

/** Units spent per label; commands of no label (the set-up) are not counted. */
class Meter {
  readonly labels = new AsyncLocalStorage<string>();
  private readonly spent = new Map<string, Units>();

  of(label: string): Units {
    const units = this.spent.get(label) ?? zero();
    this.spent.set(label, units);
    return units;
  }

  run<T>(label: string, work: () => Promise<T>): Promise<T> {
    return this.labels.run(label, work);
  }

  /** Sets ReturnConsumedCapacity TOTAL on every command of `client` and counts what DynamoDB reports. */
  attach(client: DynamoDBDocumentClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
        const label = this.labels.getStore();
        const into = label === undefined ? undefined : this.of(label);
        const isRead = READ_COMMAND.test(context.commandName ?? '');
        if (into !== undefined) {
          if (isRead) into.reads++;
          else into.writes++;
        }
        let result: Awaited<ReturnType<typeof next>>;
        try {
          result = await next(args);
        } catch (error) {
          if (into !== undefined) into.failed++;
          throw error;
        }
        if (into === undefined) return result;
        const reported = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
        const consumed = [reported ?? []].flat() as Array<{
          CapacityUnits?: number;
          ReadCapacityUnits?: number;
          WriteCapacityUnits?: number;
        }>;
        let readUnits = 0;
        for (const c of consumed) {
          readUnits += c.ReadCapacityUnits ?? (isRead ? (c.CapacityUnits ?? 0) : 0);
          into.writeUnits += c.WriteCapacityUnits ?? (isRead ? 0 : (c.CapacityUnits ?? 0));
        }
        into.readUnits += readUnits;
        if (isRead && readUnits === 0) into.readsAtZero++;
        return result;
      },
      { step: 'initialize', name: 'benchComplaintCapacityMeter' },
    );
  }
}

/** Runs `work` on every item, `concurrency` at a time. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Monday 2 November 2026, 09:00 in Paris: the complaints are received from then on, a second apart. */
const RECEIVED_FROM = Date.parse('2026-11-02T08:00:00Z');
/** The register's clock while the events are applied: the same Monday, no deadline at risk yet. */
const EVENTS_NOW = '2026-11-02T16:00:00Z';
/** Sweeps: all on time; all overdue (acknowledgement within 2 business days, resolution within 10); an hour later. */
const SWEEP_ON_TIME = '2026-11-02T16:00:00Z';
const SWEEP_OVERDUE = '2026-11-23T10:00:00Z';
const SWEEP_NEXT_HOUR = '2026-11-23T11:00:00Z';

const iso = (ms: number) => new Date(ms).toISOString();

type Step = 'received' | 'received-with-contact' | 'acknowledged' | 'resolved';

/** One complaint's received, acknowledged and resolved events, with their step and idempotency key. */
function lifecycleOf(tenantId: string, index: number, withContact: boolean): Array<[Step, ComplaintEvent, string]> {
  const complaintId = `cmp-${index.toString().padStart(6, '0')}`;
  const at = RECEIVED_FROM + index * 1000;
  const base = { schemaVersion: 1, tenantId, centerId: 'lyon-1' };
  const received = ComplaintReceivedDetail.parse({
    ...base,
    occurredAt: iso(at),
    complaintId,
    channel: 'voice',
    category: 'billing',
    severity: 'medium',
    receivedAt: iso(at),
    customerRef: `cust-${index}`,
    ...(withContact ? { contactId: `contact-${index}` } : {}),
    remedySought: 'Refund of the duplicated charge',
  });
  const acknowledged = ComplaintAcknowledgedDetail.parse({
    ...base,
    occurredAt: iso(at + 3_600_000),
    complaintId,
    acknowledgedAt: iso(at + 3_600_000),
  });
  const resolved = ComplaintResolvedDetail.parse({
    ...base,
    occurredAt: iso(at + 5 * 3_600_000),
    complaintId,
    resolvedAt: iso(at + 5 * 3_600_000),
    outcome: 'upheld',
    remedy: 'Refunded',
  });
  return [
    [
      withContact ? 'received-with-contact' : 'received',
      { type: 'complaint.received', detail: received },
      ComplaintReceived.idempotencyKey(received),
    ],
    [
      'acknowledged',
      { type: 'complaint.acknowledged', detail: acknowledged },
      ComplaintAcknowledged.idempotencyKey(acknowledged),
    ],
    ['resolved', { type: 'complaint.resolved', detail: resolved }, ComplaintResolved.idempotencyKey(resolved)],
  ];
}

export interface UnitFigures {
  count: number;
  writeUnitsPer: number;
  readUnitsPer: number;
  writesPer: number;
  readsPer: number;
  readsAtZero: number;
  failed: number;
}

function perItem(units: Units, count: number): UnitFigures {
  const n = Math.max(1, count);
  return {
    count,
    writeUnitsPer: round(units.writeUnits / n, 3),
    readUnitsPer: round(units.readUnits / n, 3),
    writesPer: round(units.writes / n, 2),
    readsPer: round(units.reads / n, 2),
    readsAtZero: units.readsAtZero,
    failed: units.failed,
  };
}

export interface ThroughputFigures {
  events: number;
  concurrency: number;
  tenants: number;
  seconds: number;
  eventsPerSecond: number;
  /** Commands that failed and were retried (ledger transactions cancelled by a concurrent writer). */
  failedCommands: number;
  /** Events whose apply lost every ledger race (ContentionError, the handler's retry) and were applied again. */
  redelivered: number;
}

export interface SweepFigures {
  label: string;
  now: string;
  ms: number;
  report: ComplaintSweepReport;
  writeUnits: number;
  readUnits: number;
  writes: number;
  reads: number;
  readsAtZero: number;
  /** Alert events handed to the (dropping) publisher. */
  alertsPublished: number;
}

export interface ComplaintCostFigures {
  complaints: number;
  events: Record<Step, UnitFigures>;
  throughput: ThroughputFigures[];
  sweep: { openComplaints: number; runs: SweepFigures[] };
  contacts: {
    each: number;
    complaintReason: UnitFigures;
    otherReason: UnitFigures;
    extraWriteUnitsPerContact: number;
    extraReadUnitsPerContact: number;
  };
  businessTime: { samples: number; tenBusinessDaysMedianMicros: number; eightBusinessHoursMedianMicros: number };
}

export interface ComplaintBenchSizes {
  /** Complaints whose three events are applied, per throughput run. */
  complaints: number;
  /** Open complaints of the swept tenant. */
  open: number;
  /** Contacts of each reason. */
  contacts: number;
}

export const COMPLAINT_BENCH_SIZES = {
  full: { complaints: 300, open: 500, contacts: 200 },
  quick: { complaints: 30, open: 50, contacts: 20 },
} satisfies Record<string, ComplaintBenchSizes>;

export async function benchComplaintCost(
  config: RuntimeConfig,
  sizes: ComplaintBenchSizes,
): Promise<ComplaintCostFigures> {
  const run = Date.now().toString(36);
  const db = createDocumentClient(config);
  const meter = new Meter();
  meter.attach(db);
  const { tableName } = config;
  const complaintStore = new ComplaintRepository(db, tableName);
  const agreements = new AgreementRepository(db, tableName);
  const ledger = new DynamoLedgerRepository(db, tableName);
  const writer = conditionalWriter(db);
  let alertsPublished = 0;
  const publisher = {
    publish: async (events: readonly OutgoingEvent[]) => {
      alertsPublished += events.length;
    },
  };
  const registerAt = (now: string) =>
    new ComplaintRegister(complaintStore, agreements, ledger, publisher, writer, () => new Date(now));
  const register = registerAt(EVENTS_NOW);

  // 1 and 2: the events, one at a time (capacity per step), then 8 at a time on one tenant and on eight.
  const lifecycles = (tenantOf: (i: number) => string) =>
    Array.from({ length: sizes.complaints }, (_, i) => lifecycleOf(tenantOf(i), i, i % 2 === 0));
  // An apply that lost every ledger race (ContentionError) is redelivered at once, as the bus would later; counted.
  const contended = new Map<string, number>();
  const apply = (label: (step: Step) => string) => async (events: Array<[Step, ComplaintEvent, string]>) => {
    for (const [step, event, key] of events) {
      for (;;) {
        try {
          await meter.run(label(step), () => register.apply(event, key));
          break;
        } catch (error) {
          if (!(error instanceof ContentionError)) throw error;
          contended.set(label(step), (contended.get(label(step)) ?? 0) + 1);
        }
      }
    }
  };
  // Warm-up (module loading, JIT, connections), not counted.
  await pool(
    lifecycles(() => `bench-cmpw-${run}`).slice(0, 10),
    1,
    apply(() => 'warm-up'),
  );

  const throughput: ThroughputFigures[] = [];
  const timed = async (name: string, concurrency: number, tenants: number) => {
    const all = lifecycles((i) => `bench-cmp-${name}-${i % tenants}-${run}`);
    const started = performance.now();
    await pool(
      all,
      concurrency,
      apply((step) => (concurrency === 1 ? step : `throughput-${name}`)),
    );
    const ms = performance.now() - started;
    const events = all.length * 3;
    const labels =
      concurrency === 1
        ? (['received', 'received-with-contact', 'acknowledged', 'resolved'] as const)
        : [`throughput-${name}`];
    const failed = labels.reduce((n, l) => n + meter.of(l).failed, 0);
    const redelivered = labels.reduce((n, l) => n + (contended.get(l) ?? 0), 0);
    throughput.push({
      events,
      concurrency,
      tenants,
      seconds: round(ms / 1000, 2),
      eventsPerSecond: round(events / (ms / 1000)),
      failedCommands: failed,
      redelivered,
    });
  };
  await timed('seq', 1, 1);
  await timed('c8t1', 8, 1);
  await timed('c8t8', 8, 8);
  const withContact = Math.ceil(sizes.complaints / 2);
  const events: Record<Step, UnitFigures> = {
    received: perItem(meter.of('received'), sizes.complaints - withContact),
    'received-with-contact': perItem(meter.of('received-with-contact'), withContact),
    acknowledged: perItem(meter.of('acknowledged'), sizes.complaints),
    resolved: perItem(meter.of('resolved'), sizes.complaints),
  };

  // 3: the sweep over one tenant's open complaints (received only), seeded unmetered.
  const swept = `bench-cmps-${run}`;
  const seed = Array.from(
    { length: sizes.open },
    (_, i) => lifecycleOf(swept, i, false)[0] as [Step, ComplaintEvent, string],
  );
  // One at a time: concurrent receipts on one tenant race for its ledger head.
  await pool(seed, 1, ([, event, key]) => register.apply(event, key));
  const runs: SweepFigures[] = [];
  for (const [label, now] of [
    ['all on time', SWEEP_ON_TIME],
    ['all overdue', SWEEP_OVERDUE],
    ['an hour later', SWEEP_NEXT_HOUR],
  ] as const) {
    const sweep = new EvaluateComplaints(
      registerAt(now),
      complaintStore,
      agreements,
      // The bench's tenant only: the table holds the other benches' tenants too.
      {
        heads: async function* () {
          yield { tenantId: swept };
        },
      },
    );
    const publishedBefore = alertsPublished;
    const started = performance.now();
    const report = await meter.run(`sweep ${label}`, () => sweep.run(new Date(now)));
    const ms = performance.now() - started;
    const units = meter.of(`sweep ${label}`);
    runs.push({
      label,
      now,
      ms: round(ms),
      report,
      writeUnits: round(units.writeUnits, 1),
      readUnits: round(units.readUnits, 1),
      writes: units.writes,
      reads: units.reads,
      readsAtZero: units.readsAtZero,
      alertsPublished: alertsPublished - publishedBefore,
    });
  }

  // 4: handled contacts of a complaint reason against another reason, blocks alternating between two tenants.
  const recorder = new DynamoContactRecorder(db, tableName);
  const handled = simulateMonth({ month: '2026-10', seed: 'complaints', tenants: [ACME_ENERGY], scale: 1 })
    .filter((c) => c.outcome === 'handled' && c.agentId !== undefined)
    .slice(0, sizes.contacts);
  const contactsOf = (reason: string): ContactCompletedDetail[] =>
    handled.map((c) => ({ ...c, tenantId: `bench-cmpc-${reason}-${run}`, reason }));
  const byReason = { complaint: contactsOf('complaint'), billing: contactsOf('billing') };
  await pool(
    handled.slice(0, 10).map((c) => ({ ...c, tenantId: `bench-cmpcw-${run}`, reason: 'complaint' })),
    1,
    (c) => recorder.record(c),
  );
  const BLOCK = 10;
  for (let from = 0; from < handled.length; from += BLOCK) {
    for (const reason of ['complaint', 'billing'] as const) {
      await pool(byReason[reason].slice(from, from + BLOCK), 1, (c) =>
        meter.run(`contact ${reason}`, () => recorder.record(c)),
      );
    }
  }
  const complaintReason = perItem(meter.of('contact complaint'), handled.length);
  const otherReason = perItem(meter.of('contact billing'), handled.length);
  db.destroy();

  return {
    complaints: sizes.complaints,
    events,
    throughput,
    sweep: { openComplaints: sizes.open, runs },
    contacts: {
      each: handled.length,
      complaintReason,
      otherReason,
      extraWriteUnitsPerContact: round(complaintReason.writeUnitsPer - otherReason.writeUnitsPer, 3),
      extraReadUnitsPerContact: round(complaintReason.readUnitsPer - otherReason.readUnitsPer, 3),
    },
    businessTime: benchBusinessTime(2000),
  };
}

/** Median microseconds of `deadlineAt` from starts spread over 2026, on the default agreement's calendar. */
function benchBusinessTime(samples: number): ComplaintCostFigures['businessTime'] {
  const version = defaultAgreementVersion('bench');
  const calendar = businessCalendarOf(version);
  const timeZone = version.timeZone.value;
  const from = Date.parse('2026-01-01T00:00:00Z');
  // A fixed spread of starts (every 4 h 23 min), so open, closed, weekend and holiday starts all occur.
  const starts = Array.from({ length: samples }, (_, i) => from + ((i * 15_780_000) % (365 * 86_400_000)));
  const median = (deadline: Deadline) => {
    for (const start of starts.slice(0, 200)) deadlineAt(start, deadline, calendar, timeZone);
    const micros = starts.map((start) => {
      const t = performance.now();
      deadlineAt(start, deadline, calendar, timeZone);
      return (performance.now() - t) * 1000;
    });
    micros.sort((a, b) => a - b);
    return round(micros[Math.floor(micros.length / 2)] ?? 0, 1);
  };
  return {
    samples,
    tenBusinessDaysMedianMicros: median({ amount: 10, unit: 'business-days' }),
    eightBusinessHoursMedianMicros: median({ amount: 8, unit: 'business-hours' }),
  };
}

export function formatComplaintCost(f: ComplaintCostFigures): string {
  const num = (n: number, digits = 3) => n.toFixed(digits).padStart(9);
  const row = (label: string, u: UnitFigures) =>
    `${label.padEnd(30)} ${num(u.writeUnitsPer)} ${num(u.readUnitsPer)} ${num(u.writesPer, 2)} ${num(u.readsPer, 2)} ${`${u.readsAtZero}`.padStart(9)}`;
  const head = `${''.padEnd(30)} ${'WCU'.padStart(9)} ${'RCU'.padStart(9)} ${'writes'.padStart(9)} ${'reads'.padStart(9)} ${'0-unit R'.padStart(9)}`;
  const { contacts } = f;
  return [
    `complaint events, ${f.complaints} complaints × 3 events, one at a time, per event:`,
    head,
    row('received (no contactId)', f.events.received),
    row('received (names a contact)', f.events['received-with-contact']),
    row('acknowledged', f.events.acknowledged),
    row('resolved', f.events.resolved),
    ...f.throughput.map(
      (t) =>
        `throughput: ${t.events} events, ${t.concurrency} at a time on ${t.tenants} tenant(s): ${t.eventsPerSecond} events/s ` +
        `(${t.seconds} s; ${t.failedCommands} commands failed and were retried, ${t.redelivered} events lost every ledger race and were redelivered)`,
    ),
    `hourly sweep of one tenant with ${f.sweep.openComplaints} open complaints:`,
    ...f.sweep.runs.map(
      (r) =>
        `  ${r.label.padEnd(14)} ${`${r.ms} ms`.padStart(10)}  ${r.writeUnits} WCU (${r.writes} writes), ${r.readUnits} RCU (${r.reads} reads, ` +
        `${r.readsAtZero} at 0 units); assessed ${r.report.assessed}, alerts ${r.report.alerts} (${r.alertsPublished} published), moved ${r.report.moved}`,
    ),
    `contact path, ${contacts.each} handled contacts of each reason, per contact:`,
    head,
    row('reason "complaint"', contacts.complaintReason),
    row('reason "billing"', contacts.otherReason),
    `complaint reason − other: ${contacts.extraWriteUnitsPerContact} WCU, ${contacts.extraReadUnitsPerContact} RCU per contact`,
    `deadlineAt, median of ${f.businessTime.samples}: 10 business days ${f.businessTime.tenBusinessDaysMedianMicros} µs, ` +
      `8 business hours ${f.businessTime.eightBusinessHoursMedianMicros} µs`,
  ].join('\n');
}

async function standalone(): Promise<void> {
  // Imported here, so that importing this bench (test/bench/run.ts) starts nothing.
  const { withStandaloneTable } = await import('./standalone-table.js');
  const sizes = process.argv.includes('--quick') ? COMPLAINT_BENCH_SIZES.quick : COMPLAINT_BENCH_SIZES.full;
  const figures = await withStandaloneTable('ccc-bench-complaints', (config) => benchComplaintCost(config, sizes));
  console.error(formatComplaintCost(figures));
  console.log(JSON.stringify({ measuredAt: new Date().toISOString(), sizes, ...figures }, null, 2));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await standalone();
