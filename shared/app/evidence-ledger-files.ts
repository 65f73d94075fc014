/**
 * The files of an evidence pack that come from the evidence ledger, read in one pass: `ledger/entries.jsonl` (from
 * the first entry recorded in the window up to the head the pack cites, so that the chain in the file runs unbroken
 * to the head and its anchor), then `ledger/head.json` (with the entry the file starts after), then the recording
 * access log and deletions of the window, whose rows the pass kept as CSV text (a row per access or deleted
 * recording, a few hundred bytes each) rather than read the ledger twice more.
 */
import { type CsvTable, csvRow } from '../domain/evidence/csv.js';
import { type ChainHead, GENESIS_HASH, type LedgerEntry } from '../domain/ledger/hash-chain.js';
import type { PackFile } from './evidence-file-kit.js';
import { type AuditWindow, type EvidenceSources, inWindow } from './evidence-sources.js';
import { accessLogTable, type DeletionRow, deletionTable } from './evidence-tables.js';

const LEDGER_FIELDS = [
  'format',
  'tenantId',
  'sequence',
  'occurredAt',
  'recordedAt',
  'actor',
  'actorRole',
  'kind',
  'resource',
  'contentBefore',
  'contentAfter',
  'requestId',
  'payload',
  'payloadHash',
  'previousHash',
  'hash',
] as const satisfies readonly (keyof LedgerEntry)[];

/** An entry as the ledger seals it, without the table's own attributes (keys, indexes). */
function asSealed(entry: LedgerEntry): Record<string, unknown> {
  return Object.fromEntries(LEDGER_FIELDS.filter((field) => entry[field] !== undefined).map((f) => [f, entry[f]]));
}

function deletionRows(entry: LedgerEntry): DeletionRow[] {
  const recordings = Array.isArray(entry.payload.recordings) ? entry.payload.recordings : [];
  return recordings.map((recording) => ({ entry, recording: recording as Record<string, unknown> }));
}

/** What the pass keeps for the files after it. */
class LedgerPass {
  startsAfter: ChainHead = { sequence: 0, hash: GENESIS_HASH };
  written = 0;
  readonly accesses: string[] = [];
  readonly deletions: string[] = [];

  constructor(private readonly window: AuditWindow) {}

  /** The entry's JSON line when the file holds it (the first recorded in the window and every one after). */
  take(entry: LedgerEntry): string | undefined {
    if (inWindow(this.window, entry.occurredAt)) {
      if (entry.kind === 'recording.accessed') this.accesses.push(csvRow(accessLogTable.cells(entry)));
      if (entry.kind === 'recording.deleted')
        for (const row of deletionRows(entry)) this.deletions.push(csvRow(deletionTable.cells(row)));
    }
    if (this.written === 0 && entry.recordedAt < this.window.startsAt) {
      this.startsAfter = { sequence: entry.sequence, hash: entry.hash };
      return undefined;
    }
    this.written++;
    return `${JSON.stringify(asSealed(entry))}\n`;
  }
}

async function* kept<T>(table: CsvTable<T>, rows: readonly string[]): AsyncGenerator<string> {
  yield csvRow(table.header);
  yield* rows;
}

export function ledgerFiles(
  sources: EvidenceSources,
  window: AuditWindow,
  head: ChainHead,
  anchor: Record<string, unknown> | null,
): PackFile[] {
  const { tenantId, from, to } = window;
  const pass = new LedgerPass(window);
  const ofKind = (kind: string) =>
    `the evidence ledger's ${kind} entries with occurredAt ${from}…${to}, in sequence order (ledger/entries.jsonl holds them whole; GET /v1/tenants/${tenantId}/ledger/verify checks them)`;
  return [
    {
      path: 'ledger/entries.jsonl',
      query: `the evidence ledger's entries from the first recorded at or after ${window.startsAt} to the head (sequence ${head.sequence})`,
      format: 'jsonl',
      lines: async function* () {
        for await (const entry of sources.ledger.entries(tenantId)) {
          if (entry.sequence > head.sequence) return;
          const line = pass.take(entry);
          if (line !== undefined) yield line;
        }
      },
    },
    {
      path: 'ledger/head.json',
      query: `the ledger head read when the pack was generated, and its newest anchor (GET /v1/tenants/${tenantId}/ledger/verify)`,
      format: 'json',
      lines: async function* () {
        const { startsAfter, written } = pass;
        yield `${JSON.stringify({ tenantId, head, anchor, startsAfter, entries: written }, null, 2)}\n`;
      },
    },
    {
      path: 'recordings/access-log.csv',
      query: ofKind('recording.accessed'),
      format: 'csv',
      lines: () => kept(accessLogTable, pass.accesses),
    },
    {
      path: 'recordings/deletions.csv',
      query: `${ofKind('recording.deleted')}: retention purges and erasures, one row per recording`,
      format: 'csv',
      lines: () => kept(deletionTable, pass.deletions),
    },
  ];
}
