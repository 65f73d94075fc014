/**
 * The fact slices of the controls (`ControlFacts`, shared/app/controls/control-definition.ts), each gathered from the
 * repositories that hold it, as of the run's instant; the engine (shared/app/evaluate-controls.ts) asks only for the
 * slices its due controls name. Lists are bounded (at most {@link LIST_CAP} entries, with their true counts where
 * the slice has one).
 *
 * The recordings slice goes over the tenant's ledger once (there is no tenant-wide listing of recordings): the
 * `recording.stored` and `recording.deleted` entries give the recordings stored, their `deleteAfter` and KMS key; the
 * `recording.accessed` entries of the last 30 days the accesses. A recording past its `deleteAfter` plus the purge's
 * grace (24 h) is then read back, for the first {@link LIST_CAP} such, to leave out those held or gone meanwhile.
 */

import type { CompetenceViolation } from '../app/agent-competence.js';
import type { LedgerAnchorStore } from '../app/anchor-ledgers.js';
import type { ControlFacts } from '../app/controls/control-definition.js';
import type { StoredErasureRequest } from '../app/erasure-requests.js';
import type { ComplaintFactsReader } from '../app/evaluate-complaints.js';
import type { ControlFactSources, FactScope } from '../app/evaluate-controls.js';
import type { RecordingMetadata } from '../app/recordings.js';
import { type LedgerReader, verifyLedger } from '../app/verify-ledger.js';
import { versionInForceAt } from '../domain/agreement/agreement-versions.js';
import { addDays, lastDayOfMonth, monthOf } from '../domain/calendar/calendar-date.js';
import { localDate } from '../domain/calendar/zoned-time.js';
import type { AgentProfile } from '../domain/competence/agent-profile.js';
import type { GovernanceDocument, ManagementReview } from '../domain/governance/governance-records.js';
import type { KpiReport } from '../domain/kpi/kpi-report-schema.js';
import type { KpiSeriesRequest } from '../domain/kpi/kpi-series.js';
import type { LedgerEntry } from '../domain/ledger/hash-chain.js';
import type { AuditRecord, Nonconformity } from '../domain/quality/quality-records.js';

/** Entries a list of a slice holds at most. */
export const LIST_CAP = 100;
/** How long past its `deleteAfter` a recording may still be stored: the daily purge's interval (DP-REC-RETENTION). */
export const RETENTION_GRACE_MS = 24 * 3_600_000;
const DAY_MS = 86_400_000;
/** The trailing window of the recording accesses. */
const ACCESS_WINDOW_DAYS = 30;

/** What the sources read, each a port a repository of shared/store implements. */
export interface FactRepositories {
  kpis: { report(request: KpiSeriesRequest): Promise<KpiReport> };
  complaints: Pick<ComplaintFactsReader, 'facts'>;
  agents: {
    allProfiles(tenantId: string): Promise<AgentProfile[]>;
    tenantViolations(tenantId: string, status: 'open'): Promise<CompetenceViolation[]>;
  };
  recordings: { find(tenantId: string, contactId: string): Promise<RecordingMetadata | undefined> };
  erasures: {
    list(
      tenantId: string,
      page: { limit: number; after?: string },
    ): Promise<{ requests: StoredErasureRequest[]; next?: string }>;
  };
  ledger: LedgerReader;
  anchors: Pick<LedgerAnchorStore, 'list'>;
  quality: {
    audits(tenantId: string, window: { from?: string; to?: string }): Promise<AuditRecord[]>;
    nonconformities(tenantId: string, filter: { status?: 'open' | 'closed' | 'all' }): Promise<Nonconformity[]>;
  };
  governance: {
    documents(tenantId: string): Promise<GovernanceDocument[]>;
    reviews(tenantId: string, window: { from?: string; to?: string }): Promise<ManagementReview[]>;
  };
}

/** The tenant-local date `months` months before the scope's local today. */
function monthsBefore(scope: FactScope, months: number): string {
  const today = localDate(scope.now, scope.agreement.timeZone.value);
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const back = new Date(Date.UTC(y, m - 1 - months, 1));
  const day = String(Math.min(d, 28)).padStart(2, '0');
  return `${back.toISOString().slice(0, 7)}-${day}`;
}

/** The KPI series of the tenant-local month to date, per month and per day. */
async function kpis(repos: FactRepositories, { tenantId, now, versions }: FactScope): Promise<ControlFacts['kpis']> {
  const today = localDate(now, versionInForceAt(tenantId, versions, now).timeZone.value);
  const month = monthOf(today);
  const range = { tenantId, from: `${month}-01`, to: today };
  const previousMonth = monthOf(addDays(`${month}-01`, -1));
  const [monthToDate, days, previous] = await Promise.all([
    repos.kpis.report({ ...range, granularity: 'month' }),
    repos.kpis.report({ ...range, granularity: 'day' }),
    repos.kpis.report({
      tenantId,
      from: `${previousMonth}-01`,
      to: lastDayOfMonth(previousMonth),
      granularity: 'month',
    }),
  ]);
  return { month, monthToDate: monthToDate.series, days: days.series, previousMonth, previous: previous.series };
}

async function competence(repos: FactRepositories, { tenantId }: FactScope): Promise<ControlFacts['competence']> {
  const [profiles, openViolations] = await Promise.all([
    repos.agents.allProfiles(tenantId),
    repos.agents.tenantViolations(tenantId, 'open'),
  ]);
  return { profiles, openViolations };
}

/** What one pass over the ledger tells of the tenant's recordings. */
interface RecordingLedger {
  stored: Map<string, { deleteAfter: string; kmsKeyId: string | undefined }>;
  accesses: number;
  unusualAccesses: number;
}

async function readRecordingLedger(entries: AsyncIterable<LedgerEntry>, since: string): Promise<RecordingLedger> {
  const read: RecordingLedger = { stored: new Map(), accesses: 0, unusualAccesses: 0 };
  for await (const { kind, payload, occurredAt } of entries) {
    if (kind === 'recording.stored') {
      read.stored.set(String(payload.contactId), {
        deleteAfter: String(payload.deleteAfter),
        kmsKeyId: typeof payload.kmsKeyId === 'string' && payload.kmsKeyId !== '' ? payload.kmsKeyId : undefined,
      });
    } else if (kind === 'recording.deleted') {
      const deleted = Array.isArray(payload.recordings) ? (payload.recordings as Array<{ contactId?: unknown }>) : [];
      for (const r of deleted) read.stored.delete(String(r.contactId));
    } else if (kind === 'recording.accessed' && occurredAt >= since) {
      read.accesses++;
      if (Array.isArray(payload.unusual) && payload.unusual.length > 0) read.unusualAccesses++;
    }
  }
  return read;
}

async function recordings(repos: FactRepositories, { tenantId, now }: FactScope): Promise<ControlFacts['recordings']> {
  const since = new Date(now.getTime() - ACCESS_WINDOW_DAYS * DAY_MS).toISOString();
  const ledger = await readRecordingLedger(repos.ledger.entries(tenantId), since);
  const latest = new Date(now.getTime() - RETENTION_GRACE_MS).toISOString();
  const pastRetention = [...ledger.stored.entries()]
    .filter(([, r]) => new Date(r.deleteAfter).toISOString() < latest)
    .sort(([, a], [, b]) => a.deleteAfter.localeCompare(b.deleteAfter));
  // Read back: a recording put on hold keeps its item (and is not overdue); one gone is not either.
  const checked = await Promise.all(
    pastRetention.slice(0, LIST_CAP).map(async ([contactId]) => repos.recordings.find(tenantId, contactId)),
  );
  const overdue = checked
    .filter((r): r is RecordingMetadata => r !== undefined && !r.legalHold)
    .map(({ contactId, deleteAfter }) => ({ contactId, deleteAfter }));
  const unencrypted = [...ledger.stored.entries()]
    .filter(([, r]) => r.kmsKeyId === undefined)
    .map(([contactId]) => ({ contactId }));
  return {
    stored: ledger.stored.size,
    overdue,
    // Beyond the recordings read back, those past their retention are counted as the ledger has them.
    overdueCount: overdue.length + Math.max(0, pastRetention.length - LIST_CAP),
    unencrypted: unencrypted.slice(0, LIST_CAP),
    unencryptedCount: unencrypted.length,
    accesses: ledger.accesses,
    unusualAccesses: ledger.unusualAccesses,
  };
}

/** The erasure requests received in the last 13 months, newest first, at most {@link LIST_CAP}. */
async function erasures(repos: FactRepositories, scope: FactScope): Promise<ControlFacts['erasures']> {
  const from = new Date(`${monthsBefore(scope, 13)}T00:00:00Z`).toISOString();
  const { requests } = await repos.erasures.list(scope.tenantId, { limit: LIST_CAP });
  return { requests: requests.filter((r) => new Date(r.receivedAt).toISOString() >= from) };
}

async function quality(repos: FactRepositories, scope: FactScope): Promise<ControlFacts['quality']> {
  const { tenantId } = scope;
  const closedSince = new Date(`${monthsBefore(scope, 12)}T00:00:00Z`).toISOString();
  const [audits, all] = await Promise.all([
    repos.quality.audits(tenantId, { from: monthsBefore(scope, 36) }),
    repos.quality.nonconformities(tenantId, { status: 'all' }),
  ]);
  const nonconformities = all.filter(
    (nc) => nc.status !== 'closed' || (nc.closedAt !== undefined && nc.closedAt >= closedSince),
  );
  return { audits: audits.slice(-LIST_CAP), nonconformities: nonconformities.slice(0, LIST_CAP) };
}

async function governance(repos: FactRepositories, scope: FactScope): Promise<ControlFacts['governance']> {
  const [documents, reviews] = await Promise.all([
    repos.governance.documents(scope.tenantId),
    repos.governance.reviews(scope.tenantId, { from: monthsBefore(scope, 36) }),
  ]);
  return { documents: documents.slice(0, LIST_CAP), reviews: reviews.slice(-LIST_CAP) };
}

async function ledger(repos: FactRepositories, { tenantId }: FactScope): Promise<ControlFacts['ledger']> {
  const verdict = await verifyLedger(repos.ledger, repos.anchors, tenantId);
  return {
    valid: verdict.valid,
    entries: verdict.entries,
    ...(verdict.firstBrokenAt === undefined ? {} : { firstBrokenAt: verdict.firstBrokenAt }),
    ...(verdict.anchors.latestAnchoredAt === undefined ? {} : { lastAnchoredAt: verdict.anchors.latestAnchoredAt }),
  };
}

/** One source per slice, over `repos`. */
export function controlFactSources(repos: FactRepositories): ControlFactSources {
  return {
    kpis: (scope) => kpis(repos, scope),
    complaints: (scope) => repos.complaints.facts(scope.tenantId, scope.now, [...scope.versions]),
    competence: (scope) => competence(repos, scope),
    recordings: (scope) => recordings(repos, scope),
    erasures: (scope) => erasures(repos, scope),
    quality: (scope) => quality(repos, scope),
    governance: (scope) => governance(repos, scope),
    ledger: (scope) => ledger(repos, scope),
  };
}
