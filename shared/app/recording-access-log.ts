/**
 * The tenant-wide recording access log (ISO18295.md §2.8 DP-REC-ACCESSLOG): every access to any of a tenant's
 * recordings in a window, newest first, for the DPO who does not know a contact id yet.
 *
 * Read from the evidence ledger, not from the access items. Every access has its `recording.accessed` entry, written
 * in the transaction of its access item (shared/app/recording-access.ts), so the ledger is complete for every access
 * ever granted and is what the evidence pack's `recordings/access-log.csv` shows (shared/app/evidence-ledger-files.ts).
 * The access items sit in each recording's partition and are indexed by person only (docs/access-patterns.md, 15 and
 * 16): a tenant-wide read of them would need a new index on every access item and a backfill of those already
 * written. The ledger's entries are appended in time order, so reading it newest first and stopping at the first entry
 * recorded before the window costs reads in proportion to the entries since `from` (of every kind, recordings stored
 * included), not to the whole ledger; a page's reads are capped so that a sparse window answers a short page with a
 * cursor instead of timing out.
 */
import type { LedgerEntry } from '../domain/ledger/hash-chain.js';
import type { RecordingAccessRecord } from './recording-access.js';

/** The longest window of the log, in days: thirteen months and some, for a DPO's year-on-year look. */
export const MAX_ACCESS_LOG_DAYS = 400;

/** The ledger entries one page may read (filtered ones included): about 1–2 MB, a few DynamoDB queries. */
export const ACCESS_LOG_READS_PER_PAGE = 1000;

/**
 * How much earlier than `from` an entry may be recorded and still be followed by one that occurred in the window:
 * an entry's `occurredAt` is read before its `recordedAt` on the same clock, and the writers of one ledger are
 * different Lambda instances whose clocks differ by far less than this.
 */
const CLOCK_SKEW_MS = 60_000;

/** What {@link LedgerByKind.newestOfKind} looks for. */
export interface KindQuery {
  kind: string;
  /** `occurredAt` from, included (ISO 8601, UTC). */
  from: string;
  /** `occurredAt` to, excluded. */
  to: string;
  /** The first entry recorded before this ends the read: every entry before it is older still. */
  stopBefore: string;
  /** Only entries with a smaller sequence (a previous page's end). */
  beforeSequence?: number;
  /** Matching entries at most. */
  limit: number;
  /** Entries read at most, matching or not. */
  maxReads: number;
}

/** A page of entries, newest first; `nextBefore` is where the next page starts below, when there may be more. */
export interface KindPage {
  entries: LedgerEntry[];
  nextBefore?: number;
}

/** Port: a tenant's ledger entries of one kind, newest first (shared/store/ledger-repository.ts). */
export interface LedgerByKind {
  newestOfKind(tenantId: string, query: KindQuery): Promise<KindPage>;
}

/** An access as the tenant-wide log shows it: the per-recording log's fields, read from the access's ledger entry. */
export type TenantAccess = Omit<RecordingAccessRecord, 'tenantId'>;

export interface AccessLogWindow {
  from: Date;
  to: Date;
}

export interface AccessLogPage {
  accesses: TenantAccess[];
  /** The sequence the next page starts below; absent when the window has no more. */
  nextBefore?: number;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The access an entry records; `unusual` is empty on entries written before accesses were flagged. */
export function accessOfEntry(entry: LedgerEntry): TenantAccess {
  const { payload } = entry;
  const note = text(payload.note);
  return {
    accessId: text(payload.accessId) ?? '',
    contactId: text(payload.contactId) ?? entry.resource?.replace(/^recording\//, '') ?? '',
    actor: entry.actor,
    role: entry.actorRole ?? '',
    purpose: text(payload.purpose) ?? '',
    ...(note === undefined ? {} : { note }),
    at: entry.occurredAt,
    expiresAt: text(payload.expiresAt) ?? '',
    unusual: Array.isArray(payload.unusual) ? (payload.unusual as TenantAccess['unusual']) : [],
    ledgerSequence: entry.sequence,
  };
}

/** One page of the tenant's accesses with `from <= at < to`, newest first. */
export async function tenantAccessLog(
  ledger: LedgerByKind,
  tenantId: string,
  window: AccessLogWindow,
  page: { limit: number; beforeSequence?: number; maxReads?: number },
): Promise<AccessLogPage> {
  const found = await ledger.newestOfKind(tenantId, {
    kind: 'recording.accessed',
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    stopBefore: new Date(window.from.getTime() - CLOCK_SKEW_MS).toISOString(),
    limit: page.limit,
    maxReads: page.maxReads ?? ACCESS_LOG_READS_PER_PAGE,
    ...(page.beforeSequence === undefined ? {} : { beforeSequence: page.beforeSequence }),
  });
  return {
    accesses: found.entries.map(accessOfEntry),
    ...(found.nextBefore === undefined ? {} : { nextBefore: found.nextBefore }),
  };
}
