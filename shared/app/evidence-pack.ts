/**
 * The use case "generate an evidence pack" (ISO18295.md §5.2): anchors the ledger head, streams a zip of the audit
 * window's evidence into the reports store (each file hashed as it is written; the manifest, `SHA256SUMS` and
 * `VERIFY.md` let an auditor check it with standard tools), records the pack in the evidence ledger, and hands back
 * a short-lived download link. Nothing of the pack is held whole in memory: files are produced line by line while
 * the archive compresses them and the store uploads its parts.
 */
import { createHash } from 'node:crypto';
import { type PackedFile, sha256Sums, verifyGuide } from '../domain/evidence/verify-guide.js';
import { type ChainHead, GENESIS_HASH, type LedgerAnchor } from '../domain/ledger/hash-chain.js';
import { anchorTenant, type LedgerAnchorStore, type LedgerHeads } from './anchor-ledgers.js';
import type { MissingFile, PackFile, PackInput } from './evidence-file-kit.js';
import { evidenceFiles } from './evidence-files.js';
import type { EvidenceLedger } from './evidence-ledger.js';
import { ledgerFiles } from './evidence-ledger-files.js';
import { auditWindow, type EvidenceSources } from './evidence-sources.js';

/** Port: a zip being written. Entries are read one after the other, each only when the archive reaches it. */
export interface ArchiveWriter {
  add(path: string, content: () => AsyncIterable<Uint8Array>): void;
  /** No more entries: the archive ends after the last one is written. */
  end(): void;
  /** The archive's bytes as they are produced; fails if an entry's content fails. */
  readonly bytes: AsyncIterable<Uint8Array>;
}

/** Port: where packs are kept (the reports bucket), and the links that download them. */
export interface PackStore {
  put(key: string, body: AsyncIterable<Uint8Array>): Promise<void>;
  presign(key: string, seconds: number): Promise<{ url: string; expiresAt: Date }>;
}

export interface EvidencePackDeps {
  sources: EvidenceSources;
  ledger: EvidenceLedger;
  heads: LedgerHeads;
  anchors: LedgerAnchorStore;
  /** Where the anchor store keeps an anchor (its object key), for the auditor to look it up. */
  anchorKey(anchor: LedgerAnchor): string;
  archive(modifiedAt: Date): ArchiveWriter;
  store: PackStore;
  generator: string;
}

export interface PackRequest {
  tenantId: string;
  from: string;
  to: string;
  seed: number;
  sampleSize: number;
  actor: string;
  actorRole: string;
  requestId: string;
  now: Date;
}

/** A download link lives five minutes, as a recording's does. */
export const PACK_LINK_SECONDS = 300;
export const DEFAULT_SAMPLE_SIZE = 25;

export interface ManifestSummary {
  files: number;
  missing: string[];
  ledgerHead: ChainHead;
  seed: number;
  populations: Record<string, number | undefined>;
}

export interface GeneratedPack {
  key: string;
  bytes: number;
  sha256: string;
  manifestSha256: string;
  url: string;
  expiresAt: string;
  ledgerSequence: number;
  manifest: ManifestSummary;
}

/** `evidence/<tenant>/<from>_<to>/<generatedAt>.zip`: a window's packs side by side, newest last. */
export function packKey(tenantId: string, from: string, to: string, generatedAt: string): string {
  return `evidence/${tenantId}/${from}_${to}/${generatedAt}.zip`;
}

/** Up to 64 KiB per chunk: one CSV line per chunk would cost a stream write (and a deflate call) per line. */
const CHUNK_CHARS = 65_536;

/** Encodes, hashes and counts a file's lines on their way into the archive. */
function measured(file: PackFile, into: PackedFile & { rows: number | null }) {
  return async function* (): AsyncGenerator<Uint8Array> {
    const hash = createHash('sha256');
    const encoder = new TextEncoder();
    let lines = 0;
    let pending = '';
    const flush = () => {
      const bytes = encoder.encode(pending);
      pending = '';
      hash.update(bytes);
      into.bytes += bytes.byteLength;
      return bytes;
    };
    for await (const line of file.lines()) {
      lines++;
      pending += line;
      if (pending.length >= CHUNK_CHARS) yield flush();
    }
    if (pending.length > 0) yield flush();
    into.sha256 = hash.digest('hex');
    into.rows = file.format === 'csv' ? lines - 1 : file.format === 'jsonl' ? lines : null;
  };
}

/** Hashes and counts the archive's bytes on their way to the store. */
function digesting(bytes: AsyncIterable<Uint8Array>, totals: { bytes: number; sha256: string }) {
  return (async function* () {
    const hash = createHash('sha256');
    for await (const chunk of bytes) {
      hash.update(chunk);
      totals.bytes += chunk.byteLength;
      yield chunk;
    }
    totals.sha256 = hash.digest('hex');
  })();
}

async function headAndAnchor(deps: EvidencePackDeps, tenantId: string, now: Date) {
  const head = (await anchorTenant(deps.heads, deps.anchors, tenantId, 'evidence-pack', now)) ?? {
    sequence: 0,
    hash: GENESIS_HASH,
  };
  const latest = await deps.anchors.latest(tenantId);
  const anchor =
    latest === undefined
      ? null
      : { key: deps.anchorKey(latest), sequence: latest.sequence, hash: latest.hash, anchoredAt: latest.anchoredAt };
  return { head, anchor };
}

/** One file as archived: what the manifest says of it, filled in while the file is written. */
type Packed = PackedFile & { rows: number | null; query: string; file: PackFile };

/** A file the pack writes itself (its guide, manifest and sums): no query behind it but its purpose. */
function generated(path: string, format: PackFile['format'], text: () => string, query = ''): PackFile {
  return {
    path,
    query,
    format,
    lines: async function* () {
      yield text();
    },
  };
}

/**
 * Adds the files, then `manifest.json` (written once every file before it was hashed) and `SHA256SUMS` (the
 * manifest's hashes and the manifest's own), and ends the archive.
 */
function archiveFiles(archive: ArchiveWriter, files: readonly PackFile[], manifestOf: (packed: Packed[]) => unknown) {
  const packed: Packed[] = files.map((file) => ({
    path: file.path,
    sha256: '',
    bytes: 0,
    rows: null,
    query: file.query,
    file,
  }));
  for (const entry of packed) archive.add(entry.path, measured(entry.file, entry));
  const manifest = { path: 'manifest.json', sha256: '', bytes: 0, rows: null as number | null };
  const manifestFile = generated(manifest.path, 'json', () => `${JSON.stringify(manifestOf(packed), null, 2)}\n`);
  archive.add(manifest.path, measured(manifestFile, manifest));
  const sums = generated('SHA256SUMS', 'text', () => sha256Sums([...packed, manifest]));
  archive.add(sums.path, measured(sums, { path: sums.path, sha256: '', bytes: 0, rows: null }));
  archive.end();
  return { packed, manifest };
}

function manifestOf(input: PackInput, generatedAt: string, generator: string, ledger: unknown, missing: MissingFile[]) {
  const { window, seed, sampleSize } = input;
  return (packed: Packed[]) => ({
    tenantId: window.tenantId,
    from: window.from,
    to: window.to,
    timeZone: window.timeZone,
    window: { startsAt: window.startsAt, endsBefore: window.endsBefore, asOf: window.asOf },
    generatedAt,
    generator,
    seed,
    sampleSize,
    ledger,
    files: packed.map(({ path, sha256, bytes, rows, query, file }) => ({
      path,
      sha256,
      bytes,
      rows,
      query,
      ...file.facts?.(),
    })),
    missing,
  });
}

export async function generateEvidencePack(deps: EvidencePackDeps, request: PackRequest): Promise<GeneratedPack> {
  const { tenantId, from, to, seed, sampleSize, now } = request;
  const generatedAt = now.toISOString();
  const versions = await deps.sources.agreementVersions(tenantId);
  const window = auditWindow(tenantId, from, to, versions, now);
  const { head, anchor } = await headAndAnchor(deps, tenantId, now);
  const input: PackInput = { window, versions, headSequence: head.sequence, seed, sampleSize };
  const data = evidenceFiles(deps.sources, input, generatedAt);
  const guide = generated(
    'VERIFY.md',
    'text',
    () => verifyGuide({ tenantId, from, to, generatedAt, head, anchor }),
    'how to check this pack with standard tools',
  );
  const files = [guide, ...data.files, ...ledgerFiles(deps.sources, window, head, anchor)];
  const archive = deps.archive(now);
  const describe = manifestOf(input, generatedAt, deps.generator, { head, anchor }, data.missing);
  const { packed, manifest } = archiveFiles(archive, files, describe);

  const key = packKey(tenantId, from, to, generatedAt);
  const totals = { bytes: 0, sha256: '' };
  await deps.store.put(key, digesting(archive.bytes, totals));

  const entry = await deps.ledger.append({
    tenantId,
    occurredAt: generatedAt,
    actor: request.actor,
    actorRole: request.actorRole,
    kind: 'evidence.pack-generated',
    resource: `evidence-pack/${key}`,
    requestId: request.requestId,
    payload: { key, ...totals, manifestSha256: manifest.sha256, from, to, seed, ledgerHead: head },
  });
  const link = await deps.store.presign(key, PACK_LINK_SECONDS);
  return {
    key,
    ...totals,
    manifestSha256: manifest.sha256,
    url: link.url,
    expiresAt: link.expiresAt.toISOString(),
    ledgerSequence: entry.sequence,
    manifest: {
      files: packed.length + 2,
      missing: data.missing.map((m) => m.path),
      ledgerHead: head,
      seed,
      populations: Object.fromEntries(
        packed.filter((p) => p.file.facts).map((p) => [p.path, p.file.facts?.().population as number | undefined]),
      ),
    },
  };
}
