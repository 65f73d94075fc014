/**
 * What the real-time competence cross-check costs on the contact path (issue 10: "report the extra write and read
 * units per contact and the change in contacts per second"). The same sample of a simulated month is recorded
 * through the product's recorder (shared/store/dynamo-contact-recorder.ts, the composition the contact functions
 * use) for three tenants of the same table, in the same run:
 *
 * - `without`: a tenant that never sent a workforce event (its snapshot query finds no profile, nothing is checked);
 * - `trained`: every agent onboarded, inducted and data-protection trained beforehand (AgentCompetence.apply);
 * - `violating`: the same, but `violatingShare` of the handled contacts taken by an agent onboarded without induction.
 *
 * Blocks of 100 contacts alternate between the three tenants, so the machine's noise falls on all of them alike.
 * Contacts are recorded one at a time by default, as one container handles its events. Every command asks DynamoDB
 * for its consumed capacity (ReturnConsumedCapacity TOTAL, set by a middleware on the client the bench hands to the
 * product); DynamoDB Local reports it for reads as well as writes. Each command is counted for the tenant and the
 * phase (inside the cross-check or not) of its async context.
 *
 * The snapshot query runs once per tenant per minute per container (CachedCompetenceSnapshots in
 * shared/store/agent-repository.ts); the bench records the sample in seconds, so `atArrivalTimes` also counts how
 * many refreshes one container would make if the contacts arrived at their own `endedAt`.
 *
 * Standalone: `node --openssl-legacy-provider --import tsx test/bench/competence-cost.ts [--contacts 1000]` starts
 * DynamoDB Local itself; `benchCompetenceCost` runs against a running system (test/bench/run.ts).
 */
import './environment.js';
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContactCompletedDetail } from '../../events/telephony.js';
import {
  AgentOnboarded,
  AgentOnboardedDetail,
  TrainingCompleted,
  TrainingCompletedDetail,
} from '../../events/workforce.js';
import { ACME_ENERGY } from '../../infra/local/demo/acme-energy.js';
import { demoAgents } from '../../infra/local/demo/roster.js';
import { simulateMonth } from '../../infra/local/demo/simulator.js';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { AgentCompetence } from '../../shared/app/agent-competence.js';
import type { CompetenceCheck, ContactPolicy } from '../../shared/app/record-contact.js';
import type { RuntimeConfig } from '../../shared/runtime/config.js';
import { AgentRepository, SNAPSHOT_TTL_MS } from '../../shared/store/agent-repository.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { competenceCheck, DynamoContactRecorder } from '../../shared/store/dynamo-contact-recorder.js';
import { keys } from '../../shared/store/keys.js';
import { DynamoLedgerRepository } from '../../shared/store/ledger-repository.js';
import { round } from './bus-throughput.js';

const BLOCK = 100;
const UNINDUCTED_AGENT = 'agent-990';

interface Units {
  readUnits: number;
  writeUnits: number;
  reads: number;
  writes: number;
  /** The snapshot's gsi1 queries of a tenant's profiles (pages). */
  snapshotQueries: number;
  snapshotReadUnits: number;
}

const zero = (): Units => ({
  readUnits: 0,
  writeUnits: 0,
  reads: 0,
  writes: 0,
  snapshotQueries: 0,
  snapshotReadUnits: 0,
});
const add = (into: Units, units: Units) => {
  for (const k of Object.keys(into) as (keyof Units)[]) into[k] += units[k];
};

const READ_COMMAND = /^(Get|BatchGet|TransactGet|Query|Scan)/;

/** Who a command is spent for: the tenant whose contact is being recorded, and whether inside the cross-check. */
interface Spender {
  tenant: string;
  inCheck: boolean;
}

interface Spent {
  all: Units;
  check: Units;
}

/**
 * Sets ReturnConsumedCapacity TOTAL on every command of `client` and adds what DynamoDB reports to the spender of
 * the command's async context (`spenders`, so that contacts recorded concurrently are told apart); commands of no
 * spender (the warm-up) are not counted.
 */
function meterCapacity(
  client: DynamoDBDocumentClient,
  spenders: AsyncLocalStorage<Spender>,
  spent: (tenant: string) => Spent | undefined,
) {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const spender = spenders.getStore();
      const into = spender === undefined ? undefined : spent(spender.tenant);
      if (spender === undefined || into === undefined) return result;
      const isRead = READ_COMMAND.test(context.commandName ?? '');
      const consumed = [(result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity ?? []].flat() as Array<{
        CapacityUnits?: number;
        ReadCapacityUnits?: number;
        WriteCapacityUnits?: number;
      }>;
      const units = zero();
      for (const c of consumed) {
        units.readUnits += c.ReadCapacityUnits ?? (isRead ? (c.CapacityUnits ?? 0) : 0);
        units.writeUnits += c.WriteCapacityUnits ?? (isRead ? 0 : (c.CapacityUnits ?? 0));
      }
      if (isRead) units.reads++;
      else units.writes++;
      const values = input.ExpressionAttributeValues as Record<string, unknown> | undefined;
      if (input.IndexName === 'gsi1' && values?.[':p'] === keys.agents(spender.tenant)) {
        units.snapshotQueries++;
        units.snapshotReadUnits += units.readUnits;
      }
      add(into.all, units);
      if (spender.inCheck) add(into.check, units);
      return result;
    },
    { step: 'initialize', name: 'benchCompetenceCapacityMeter' },
  );
}

/** Onboards, inducts and data-protection trains `agentIds` for the tenant (the default agreement's requirements). */
async function onboard(
  competence: AgentCompetence,
  tenantId: string,
  agentIds: readonly string[],
  options: { inducted: boolean },
) {
  const at = '2026-09-01T07:00:00Z';
  const base = { schemaVersion: 1, tenantId, centerId: 'lyon-1', occurredAt: at };
  for (const agentId of agentIds) {
    const onboarded = AgentOnboardedDetail.parse({ ...base, agentId, startedAt: at, languages: ['fr-FR', 'en-GB'] });
    await competence.apply({ type: 'agent.onboarded', detail: onboarded }, AgentOnboarded.idempotencyKey(onboarded));
    const courses = options.inducted ? (['induction', 'data-protection'] as const) : (['data-protection'] as const);
    for (const category of courses) {
      const training = TrainingCompletedDetail.parse({
        ...base,
        occurredAt: '2026-09-05T15:00:00Z',
        trainingRecordId: `${tenantId}-${agentId}-${category}`,
        agentId,
        courseId: `acme-${category}`,
        category,
        hours: 7,
        completedAt: '2026-09-05T15:00:00Z',
        passed: true,
      });
      await competence.apply(
        { type: 'training.completed', detail: training },
        TrainingCompleted.idempotencyKey(training),
      );
    }
  }
}

/** How many snapshot refreshes one container makes for one tenant when contacts arrive at their `endedAt`. */
function refreshesAtArrival(contacts: readonly ContactCompletedDetail[]): number {
  let refreshes = 0;
  let last = Number.NEGATIVE_INFINITY;
  for (const contact of contacts) {
    if (contact.outcome !== 'handled' || contact.agentId === undefined || contact.answeredAt === undefined) continue;
    const at = Date.parse(contact.endedAt);
    if (at - last < SNAPSHOT_TTL_MS) continue;
    refreshes++;
    last = at;
  }
  return refreshes;
}

export interface CompetenceTenantFigures {
  contacts: number;
  seconds: number;
  contactsPerSecond: number;
  writeUnitsPerContact: number;
  readUnitsPerContact: number;
  /** Of which consumed inside the cross-check (snapshot query, suspected violations). */
  checkWriteUnitsPerContact: number;
  checkReadUnitsPerContact: number;
  snapshotQueries: number;
  snapshotReadUnits: number;
}

export interface CompetenceCostFigures {
  contacts: number;
  /** Contacts recorded at once (each tenant in turn, `BLOCK` contacts at a time). */
  concurrency: number;
  handled: number;
  agents: number;
  without: CompetenceTenantFigures;
  trained: CompetenceTenantFigures & {
    extraWriteUnitsPerContact: number;
    extraReadUnitsPerContact: number;
    contactsPerSecondChangePercent: number;
  };
  violating: CompetenceTenantFigures & {
    violatingShare: number;
    violations: number;
    writeUnitsPerViolation: number;
    readUnitsPerViolation: number;
    extraWriteUnitsPerContact: number;
    extraReadUnitsPerContact: number;
    contactsPerSecondChangePercent: number;
  };
  /** One container receiving the sample at the contacts' own `endedAt`: snapshot refreshes of the trained tenant. */
  atArrivalTimes: { spanDays: number; snapshotRefreshes: number; snapshotReadUnitsPerContact: number };
}

/** The product's check, its commands spent `inCheck`, counting the violations it records per tenant. */
function metered(inner: CompetenceCheck, spenders: AsyncLocalStorage<Spender>, violations: Map<string, number>) {
  return {
    check: (contact: ContactCompletedDetail, policy: ContactPolicy) =>
      spenders.run({ tenant: contact.tenantId, inCheck: true }, async () => {
        const result = await inner.check(contact, policy);
        if (result !== undefined) violations.set(contact.tenantId, (violations.get(contact.tenantId) ?? 0) + 1);
        return result;
      }),
  } satisfies CompetenceCheck;
}

/** Runs `work` on every item, `concurrency` at a time. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export async function benchCompetenceCost(
  config: RuntimeConfig,
  count: number,
  { violatingShare = 0.05, concurrency = 1 } = {},
): Promise<CompetenceCostFigures> {
  const run = Date.now().toString(36);
  const tenants = { without: `bench-hr0-${run}`, trained: `bench-hr1-${run}`, violating: `bench-hr2-${run}` };
  type Name = keyof typeof tenants;
  const names = Object.keys(tenants) as Name[];

  const setupDb = createDocumentClient(config);
  const competence = new AgentCompetence(
    new AgentRepository(setupDb, config.tableName),
    new AgreementRepository(setupDb, config.tableName),
    new DynamoLedgerRepository(setupDb, config.tableName),
  );
  const agentIds = demoAgents(ACME_ENERGY).map((a) => a.agentId);
  await onboard(competence, tenants.trained, agentIds, { inducted: true });
  await onboard(competence, tenants.violating, agentIds, { inducted: true });
  await onboard(competence, tenants.violating, [UNINDUCTED_AGENT], { inducted: false });
  setupDb.destroy();

  const sample = simulateMonth({ month: '2026-10', seed: 'competence', tenants: [ACME_ENERGY], scale: 1 }).slice(
    0,
    count,
  );
  const isHandled = (c: ContactCompletedDetail) =>
    c.outcome === 'handled' && c.agentId !== undefined && c.answeredAt !== undefined;
  const every = Math.round(1 / violatingShare);
  let handledSeen = 0;
  const contacts: Record<Name, ContactCompletedDetail[]> = {
    without: sample.map((c) => ({ ...c, tenantId: tenants.without })),
    trained: sample.map((c) => ({ ...c, tenantId: tenants.trained })),
    violating: sample.map((c) =>
      isHandled(c) && ++handledSeen % every === 0
        ? { ...c, tenantId: tenants.violating, agentId: UNINDUCTED_AGENT }
        : { ...c, tenantId: tenants.violating },
    ),
  };

  const db = createDocumentClient(config);
  const spenders = new AsyncLocalStorage<Spender>();
  const spent = Object.fromEntries(names.map((n) => [tenants[n], { all: zero(), check: zero() }])) as Record<
    string,
    Spent
  >;
  meterCapacity(db, spenders, (tenantId) => spent[tenantId]);
  const violations = new Map<string, number>();
  const check = metered(competenceCheck(db, config.tableName), spenders, violations);
  const recorder = new DynamoContactRecorder(db, config.tableName, undefined, undefined, undefined, check);
  const record = (contact: ContactCompletedDetail) =>
    spenders.run({ tenant: contact.tenantId, inCheck: false }, () => recorder.record(contact));

  // Warm-up on a tenant of its own (module loading, JIT, connections), not counted.
  await pool(
    sample.slice(0, BLOCK).map((c) => ({ ...c, tenantId: `bench-hrw-${run}` })),
    concurrency,
    record,
  );
  const ms = Object.fromEntries(names.map((n) => [n, 0])) as Record<Name, number>;
  for (let from = 0; from < sample.length; from += BLOCK) {
    // Each round starts with another tenant, so none is always the one recorded first.
    const turn = from / BLOCK;
    for (const name of names.map((_, i) => names[(i + turn) % names.length] as Name)) {
      const started = performance.now();
      await pool(contacts[name].slice(from, from + BLOCK), concurrency, record);
      ms[name] += performance.now() - started;
    }
  }
  db.destroy();

  const figures = (name: Name): CompetenceTenantFigures => {
    const { all, check: inCheck } = spent[tenants[name]] as Spent;
    const n = contacts[name].length;
    return {
      contacts: n,
      seconds: round(ms[name] / 1000),
      contactsPerSecond: round(n / (ms[name] / 1000)),
      writeUnitsPerContact: round(all.writeUnits / n, 3),
      readUnitsPerContact: round(all.readUnits / n, 3),
      checkWriteUnitsPerContact: round(inCheck.writeUnits / n, 3),
      checkReadUnitsPerContact: round(inCheck.readUnits / n, 3),
      snapshotQueries: all.snapshotQueries,
      snapshotReadUnits: round(all.snapshotReadUnits, 1),
    };
  };
  const without = figures('without');
  const extra = (f: CompetenceTenantFigures) => ({
    extraWriteUnitsPerContact: round(f.writeUnitsPerContact - without.writeUnitsPerContact, 3),
    extraReadUnitsPerContact: round(f.readUnitsPerContact - without.readUnitsPerContact, 3),
    contactsPerSecondChangePercent: round((f.contactsPerSecond / without.contactsPerSecond - 1) * 100),
  });
  const trained = figures('trained');
  const violating = figures('violating');
  const violationCount = violations.get(tenants.violating) ?? 0;
  // What the violating tenant's checks cost beyond the trained tenant's: the violations' reads and transactions.
  const checks = (name: Name) => (spent[tenants[name]] as Spent).check;
  const perViolation = (unit: 'writeUnits' | 'readUnits') =>
    round((checks('violating')[unit] - checks('trained')[unit]) / Math.max(1, violationCount), 2);
  const handled = sample.filter(isHandled).length;
  const refreshes = refreshesAtArrival(sample);
  const trainedAll = (spent[tenants.trained] as Spent).all;
  const perQuery = trainedAll.snapshotReadUnits / Math.max(1, trainedAll.snapshotQueries);
  const first = sample[0];
  const last = sample.at(-1);
  return {
    contacts: sample.length,
    concurrency,
    handled,
    agents: agentIds.length,
    without,
    trained: { ...trained, ...extra(trained) },
    violating: {
      ...violating,
      violatingShare,
      violations: violationCount,
      writeUnitsPerViolation: perViolation('writeUnits'),
      readUnitsPerViolation: perViolation('readUnits'),
      ...extra(violating),
    },
    atArrivalTimes: {
      spanDays:
        first === undefined || last === undefined
          ? 0
          : round((Date.parse(last.endedAt) - Date.parse(first.endedAt)) / 86_400_000),
      snapshotRefreshes: refreshes,
      snapshotReadUnitsPerContact: round((refreshes * perQuery) / sample.length, 3),
    },
  };
}

export function formatCompetenceCost(f: CompetenceCostFigures): string {
  const num = (n: number, digits = 3) => n.toFixed(digits).padStart(9);
  const head = `${'tenant'.padEnd(34)} ${'WCU/c'.padStart(9)} ${'RCU/c'.padStart(9)} ${'check W'.padStart(9)} ${'check R'.padStart(9)} ${'snapshot'.padStart(9)} ${'c/s'.padStart(9)} ${'Δ c/s'.padStart(9)}`;
  const row = (label: string, t: CompetenceTenantFigures, change?: number) =>
    `${label.padEnd(34)} ${num(t.writeUnitsPerContact)} ${num(t.readUnitsPerContact)} ${num(t.checkWriteUnitsPerContact)} ` +
    `${num(t.checkReadUnitsPerContact)} ${`${t.snapshotQueries} q`.padStart(9)} ${num(t.contactsPerSecond, 1)} ` +
    `${(change === undefined ? '' : `${change > 0 ? '+' : ''}${change.toFixed(1)} %`).padStart(9)}`;
  const { trained, violating, atArrivalTimes: arrival } = f;
  return [
    `competence cross-check, ${f.contacts} contacts (${f.handled} handled) among ${f.agents} agents, ${f.concurrency} at a time, per contact:`,
    head,
    row('(a) no workforce data', f.without),
    row('(b) all agents trained', trained, trained.contactsPerSecondChangePercent),
    row(
      `(c) ${round(violating.violatingShare * 100)} % by an un-inducted agent`,
      violating,
      violating.contactsPerSecondChangePercent,
    ),
    `(b) − (a): ${trained.extraWriteUnitsPerContact} WCU, ${trained.extraReadUnitsPerContact} RCU per contact; ` +
      `snapshot ${trained.snapshotQueries} quer${trained.snapshotQueries === 1 ? 'y' : 'ies'}, ${trained.snapshotReadUnits} RCU`,
    `(c) − (a): ${violating.extraWriteUnitsPerContact} WCU, ${violating.extraReadUnitsPerContact} RCU per contact; ` +
      `${violating.violations} violations, each ${violating.writeUnitsPerViolation} WCU + ${violating.readUnitsPerViolation} RCU`,
    `at the contacts' own arrival times (${arrival.spanDays} days), one container refreshes the snapshot ` +
      `${arrival.snapshotRefreshes} times: ${arrival.snapshotReadUnitsPerContact} RCU per contact`,
  ].join('\n');
}

async function standalone(): Promise<void> {
  // Imported here, so that importing this bench (test/bench/run.ts) starts nothing.
  const { withStandaloneTable } = await import('./standalone-table.js');
  const countAt = process.argv.indexOf('--contacts');
  const count = countAt > 0 ? Number(process.argv[countAt + 1]) : 1_000;
  const figures = await withStandaloneTable('ccc-bench-competence', (config) => benchCompetenceCost(config, count));
  console.error(formatCompetenceCost(figures));
  console.log(JSON.stringify(figures, null, 2));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await standalone();
