/**
 * The evidence pack of a year of a large tenant: its peak memory (RSS above the process's before, sampled every
 * 25 ms) and its time, through the product's own use case and adapters (yazl, lib-storage Upload to the S3
 * stand-in, DynamoDB Local). The tenant is seeded straight into the table with batch writes of the items the
 * product's own writers build: a year of day aggregates worth `contacts` contacts, `complaints` complaints,
 * `agents` agents with their training, `ledgerEntries` chained ledger entries (a tenth of them recording accesses),
 * and `contactItems` contact items (the contact sample's population). Run alone with
 * `node --openssl-legacy-provider --import tsx test/bench/evidence-pack.ts [--quick|--medium]`, or in `npm run bench`.
 */
import './environment.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import type { Channel } from '../../events/telephony.js';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { S3EvidencePackStore } from '../../shared/adapters/evidence-pack-store.js';
import { anchorKey, createS3Client, S3LedgerAnchorStore } from '../../shared/adapters/ledger-anchor-store.js';
import { ZipArchive } from '../../shared/adapters/zip-archive.js';
import { assessedAt } from '../../shared/app/complaint-register.js';
import { generateEvidencePack } from '../../shared/app/evidence-pack.js';
import type { ContactPolicy } from '../../shared/app/record-contact.js';
import { addDays, datesBetween } from '../../shared/domain/calendar/calendar-date.js';
import type { AgentProfile } from '../../shared/domain/competence/agent-profile.js';
import { emptyCounters } from '../../shared/domain/kpi/kpi-counters.js';
import { GENESIS_HASH, sealEntry } from '../../shared/domain/ledger/hash-chain.js';
import { AgentRepository } from '../../shared/store/agent-repository.js';
import { ComplaintRepository } from '../../shared/store/complaint-repository.js';
import { contactItem } from '../../shared/store/contact-repository.js';
import { dynamoEvidenceSources } from '../../shared/store/evidence-sources.js';
import { kpiKeys } from '../../shared/store/kpi-aggregate-items.js';
import { DynamoLedgerRepository, ledgerKeys } from '../../shared/store/ledger-repository.js';
import { round } from './bus-throughput.js';

export interface EvidenceBenchSize {
  contacts: number;
  complaints: number;
  agents: number;
  ledgerEntries: number;
  contactItems: number;
}

export const EVIDENCE_BENCH_SIZES = {
  quick: { contacts: 50_000, complaints: 2_000, agents: 200, ledgerEntries: 10_000, contactItems: 5_000 },
  medium: { contacts: 250_000, complaints: 10_000, agents: 1_000, ledgerEntries: 50_000, contactItems: 20_000 },
  full: { contacts: 500_000, complaints: 20_000, agents: 2_000, ledgerEntries: 100_000, contactItems: 50_000 },
} as const satisfies Record<string, EvidenceBenchSize>;

const FROM = '2025-11-01';
const TO = '2026-10-31';
const CHANNELS: Channel[] = ['voice', 'chat', 'email'];
const CENTERS = ['lyon-1', 'porto-2'];
const QUEUES = ['billing', 'outages'];
const BATCH = 25;

async function batchPut(db: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]) {
  const limit = pLimit(8);
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
  await Promise.all(
    batches.map((batch) =>
      limit(async () => {
        let requests = batch.map((Item) => ({ PutRequest: { Item } }));
        while (requests.length > 0) {
          const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
          requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
        }
      }),
    ),
  );
}

const putItem = (write: unknown) => (write as { Put: { Item: Record<string, unknown> } }).Put.Item;

async function seedAggregates(db: DynamoDBDocumentClient, tableName: string, tenantId: string, contacts: number) {
  const days = datesBetween(FROM, TO);
  const cells = days.length * CHANNELS.length * CENTERS.length * QUEUES.length;
  const perCell = Math.max(1, Math.round(contacts / cells));
  const limit = pLimit(16);
  const updates: Promise<unknown>[] = [];
  for (const date of days)
    for (const channel of CHANNELS)
      for (const centerId of CENTERS)
        for (const queue of QUEUES) {
          const key = kpiKeys.day(tenantId, date, { channel, centerId, queue });
          const handled = Math.round(perCell * 0.85);
          const counters = { ...emptyCounters(), offered: perCell, handled, abandoned: perCell - handled };
          updates.push(
            limit(() =>
              db.send(
                new UpdateCommand({
                  TableName: tableName,
                  Key: key,
                  UpdateExpression:
                    'SET entity = :e, v = :v, #date = :d, channel = :c, centerId = :ce, queue = :q, offered = :o, handled = :h, abandoned = :a, handledWaitMs = :w',
                  ExpressionAttributeNames: { '#date': 'date' },
                  ExpressionAttributeValues: {
                    ':e': 'kpi-day',
                    ':v': 1,
                    ':d': date,
                    ':c': channel,
                    ':ce': centerId,
                    ':q': queue,
                    ':o': counters.offered,
                    ':h': counters.handled,
                    ':a': counters.abandoned,
                    ':w': handled * 15_000,
                  },
                }),
              ),
            ),
          );
        }
  await Promise.all(updates);
  return cells;
}

const instantOf = (day: string, minute: number) =>
  new Date(Date.parse(`${day}T07:00:00.000Z`) + (minute % 600) * 60_000).toISOString();

async function seedComplaints(db: DynamoDBDocumentClient, tableName: string, tenantId: string, count: number) {
  const repository = new ComplaintRepository(db, tableName);
  const days = datesBetween(FROM, TO);
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const complaintId = `cmp-${String(i).padStart(6, '0')}`;
    const at = instantOf(days[i % days.length] as string, i);
    const base = { centerId: 'lyon-1', occurredAt: at };
    const timeline = [
      {
        type: 'complaint.received' as const,
        at,
        key: `r#${complaintId}`,
        fields: { ...base, channel: 'email', category: 'billing', severity: 'medium', ownerId: 'owner-1' },
      },
      ...(i % 2 === 0
        ? [
            {
              type: 'complaint.acknowledged' as const,
              at: new Date(Date.parse(at) + 3_600_000).toISOString(),
              key: `a#${complaintId}`,
              fields: base,
            },
          ]
        : []),
    ];
    const assessed = assessedAt(tenantId, timeline, complaintId, [], new Date(`${TO}T23:00:00.000Z`));
    const record = {
      tenantId,
      complaintId,
      timeline,
      complaint: assessed.complaint,
      assessedAt: `${TO}T23:00:00.000Z`,
      agreementVersion: assessed.agreementVersion,
      retentionDays: assessed.retentionDays,
      alerts: [],
    };
    items.push(putItem(repository.complaintWrite(record, undefined)));
  }
  await batchPut(db, tableName, items);
}

async function seedAgents(db: DynamoDBDocumentClient, tableName: string, tenantId: string, count: number) {
  const repository = new AgentRepository(db, tableName);
  const days = datesBetween(FROM, TO);
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const agentId = `agent-${String(i).padStart(5, '0')}`;
    const profile: AgentProfile = {
      tenantId,
      agentId,
      centerId: CENTERS[i % 2] as string,
      startedAt: '2025-01-06T08:00:00.000Z',
      languages: ['fr'],
      qa: {},
      trainings: ['induction', 'data-protection', 'complaint-handling'].map((category, n) => ({
        trainingRecordId: `tr-${agentId}-${n}`,
        courseId: `${category}-101`,
        category: category as never,
        hours: 4,
        completedAt: instantOf(days[(i * 3 + n * 97) % days.length] as string, i),
        passed: true,
      })),
    };
    items.push(...repository.profileWrites(profile, undefined, `seed:${agentId}`).map(putItem));
  }
  await batchPut(db, tableName, items);
}

async function seedLedger(db: DynamoDBDocumentClient, tableName: string, tenantId: string, count: number) {
  const days = datesBetween(FROM, TO);
  let previousHash = GENESIS_HASH;
  const items: Record<string, unknown>[] = [];
  for (let sequence = 1; sequence <= count; sequence++) {
    const at = instantOf(days[Math.floor(((sequence - 1) * days.length) / count)] as string, sequence);
    const access = sequence % 10 === 0;
    const entry = sealEntry({
      format: 2,
      tenantId,
      sequence,
      occurredAt: at,
      recordedAt: at,
      actor: access ? 'reviewer-1' : 'system:record-contact-completed',
      actorRole: access ? 'recording-reviewer' : 'system',
      kind: access ? 'recording.accessed' : 'competence.violation',
      resource: access ? `recording/c-${sequence}` : `agent/agent-${sequence % 2000}`,
      contentBefore: null,
      contentAfter: 'a'.repeat(64),
      payload: access
        ? {
            accessId: `acc-${sequence}`,
            contactId: `c-${sequence}`,
            purpose: 'quality-review',
            action: 'presigned-url',
            unusual: [],
          }
        : { agentId: `agent-${sequence % 2000}`, contactId: `c-${sequence}`, gaps: ['induction'] },
      previousHash,
    });
    previousHash = entry.hash;
    items.push({ ...ledgerKeys.entry(tenantId, sequence), entity: 'ledger-entry', v: 1, ...entry });
  }
  items.push({
    ...ledgerKeys.head(tenantId),
    gsi1pk: ledgerKeys.heads,
    gsi1sk: tenantId,
    entity: 'ledger-head',
    v: 1,
    tenantId,
    sequence: count,
    hash: previousHash,
  });
  await batchPut(db, tableName, items);
}

async function seedContacts(db: DynamoDBDocumentClient, tableName: string, tenantId: string, count: number) {
  const days = datesBetween(FROM, TO);
  const policy = { timeZone: 'Europe/Paris', retentionDays: 3650 } as ContactPolicy;
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const initiatedAt = instantOf(days[i % days.length] as string, i);
    const endedAt = new Date(Date.parse(initiatedAt) + 300_000).toISOString();
    items.push(
      contactItem(
        {
          schemaVersion: 1,
          tenantId,
          centerId: CENTERS[i % 2] as string,
          contactId: `c-${String(i).padStart(7, '0')}`,
          channel: CHANNELS[i % 3] as Channel,
          direction: 'inbound',
          queue: QUEUES[i % 2] as string,
          initiatedAt,
          queuedAt: initiatedAt,
          answeredAt: initiatedAt,
          endedAt,
          occurredAt: endedAt,
          outcome: 'handled',
          agentId: `agent-${String(i % 2000).padStart(5, '0')}`,
        },
        policy,
      ),
    );
  }
  await batchPut(db, tableName, items);
}

/** Peak RSS above the level when it started, sampled every 25 ms until `stop`. */
function rssWatch() {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return {
        baseMb: round(base / 2 ** 20),
        peakMb: round(peak / 2 ** 20),
        aboveBaseMb: round((peak - base) / 2 ** 20),
      };
    },
  };
}

export interface EvidenceBenchConfig {
  tableName: string;
  eventBusName: string;
  region: string;
  endpoints: { dynamodb: string; s3: string };
}

export async function benchEvidencePack(config: EvidenceBenchConfig, size: EvidenceBenchSize) {
  const db = createDocumentClient(config);
  const s3: S3Client = createS3Client(config);
  const tenantId = `bench-evidence-${Date.now().toString(36)}`;
  const reports = `bench-reports-${Date.now().toString(36)}`;
  const anchors = `bench-anchors-${Date.now().toString(36)}`;
  await s3.send(new CreateBucketCommand({ Bucket: reports }));
  await s3.send(new CreateBucketCommand({ Bucket: anchors }));
  const seedStarted = performance.now();
  const aggregateItems = await seedAggregates(db, config.tableName, tenantId, size.contacts);
  await seedComplaints(db, config.tableName, tenantId, size.complaints);
  await seedAgents(db, config.tableName, tenantId, size.agents);
  await seedLedger(db, config.tableName, tenantId, size.ledgerEntries);
  await seedContacts(db, config.tableName, tenantId, size.contactItems);
  const seedSeconds = round((performance.now() - seedStarted) / 1000);

  const ledger = new DynamoLedgerRepository(db, config.tableName);
  const deps = {
    sources: dynamoEvidenceSources(db, config.tableName),
    ledger,
    heads: ledger,
    anchors: new S3LedgerAnchorStore(s3, anchors),
    anchorKey,
    archive: (at: Date) => new ZipArchive(at),
    store: new S3EvidencePackStore(s3, { bucket: reports }),
    generator: 'ccc-compliance bench',
  };
  const watch = rssWatch();
  const started = performance.now();
  const pack = await generateEvidencePack(deps, {
    tenantId,
    from: FROM,
    to: TO,
    seed: 18_295,
    sampleSize: 25,
    actor: 'bench',
    actorRole: 'auditor',
    requestId: 'bench',
    now: new Date(`${addDays(TO, 30)}T12:00:00.000Z`),
  });
  const seconds = round((performance.now() - started) / 1000);
  const memory = watch.stop();
  // The ledger is read three times (access log, deletions, entries.jsonl): what one pass costs.
  const passStarted = performance.now();
  for await (const _ of ledger.entries(tenantId));
  const ledgerPassSeconds = round((performance.now() - passStarted) / 1000);
  db.destroy();
  s3.destroy();
  return {
    window: `${FROM}…${TO}`,
    seeded: { ...size, aggregateItems, seconds: seedSeconds },
    seconds,
    rss: memory,
    ledgerPassSeconds,
    zipMb: round(pack.bytes / 2 ** 20),
    files: pack.manifest.files,
    populations: pack.manifest.populations,
    fitsApiGateway: seconds < 29,
  };
}

async function standalone(): Promise<void> {
  const { withStandaloneTable } = await import('./standalone-table.js');
  const { startLocalS3 } = await import('../../infra/local/stand-ins/s3.js');
  const { freePort } = await import('../../infra/local/stand-ins/free-port.js');
  const named = (['quick', 'medium'] as const).find((name) => process.argv.includes(`--${name}`));
  const size = EVIDENCE_BENCH_SIZES[named ?? 'full'];
  const dir = mkdtempSync(join(tmpdir(), 'ccc-bench-evidence-s3-'));
  const s3 = await startLocalS3({ port: await freePort(), dataDir: dir, buckets: [] });
  try {
    const figures = await withStandaloneTable('ccc-bench-evidence', (config) =>
      benchEvidencePack({ ...config, endpoints: { ...config.endpoints, s3: s3.endpoint } }, size),
    );
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await standalone();
