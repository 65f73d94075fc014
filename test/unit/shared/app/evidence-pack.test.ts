/**
 * The evidence-pack use case over in-memory sources and an archive that keeps each entry's bytes: the manifest
 * describes exactly the bytes written, the files hold the window's records only, the sources not kept yet are
 * listed as missing, the ledger file starts after the last entry recorded before the window (and VERIFY.md's
 * command accepts it, and refuses a cut-off file), and the pack is recorded in the ledger with the zip's hash.
 */
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Evidence } from '../../../../shared/app/evidence-ledger.js';
import { type ArchiveWriter, generateEvidencePack, type PackStore } from '../../../../shared/app/evidence-pack.js';
import type { EvidenceSources } from '../../../../shared/app/evidence-sources.js';
import { CHAIN_CHECK_COMMAND } from '../../../../shared/domain/evidence/verify-guide.js';
import {
  GENESIS_HASH,
  type LedgerAnchor,
  type LedgerEntry,
  sealEntry,
} from '../../../../shared/domain/ledger/hash-chain.js';

const tenantId = 'acme';

/** A chain of `recordedAt` instants, one entry each; the 2nd is a recording access in the window. */
function chain(recordedAts: string[]): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  let previousHash = GENESIS_HASH;
  recordedAts.forEach((recordedAt, i) => {
    const accessed = i === 1;
    const entry = sealEntry({
      format: 2,
      tenantId,
      sequence: i + 1,
      occurredAt: recordedAt,
      recordedAt,
      actor: 'reviewer-1',
      actorRole: 'recording-reviewer',
      kind: accessed ? 'recording.accessed' : 'agreement.version-added',
      resource: accessed ? 'recording/c-1' : 'agreement/1',
      contentBefore: null,
      payload: accessed ? { contactId: 'c-1', accessId: 'a-1', purpose: 'quality-review', unusual: [] } : { n: i },
      previousHash,
    });
    previousHash = entry.hash;
    entries.push(entry);
  });
  return entries;
}

function sources(entries: LedgerEntry[], contactsPerDay = 2): EvidenceSources {
  return {
    agreementVersions: async () => [],
    kpiDays: async () => [],
    complaints: async function* () {},
    agents: async () => [
      {
        tenantId,
        agentId: 'agent-1',
        languages: ['fr'],
        qa: {},
        trainings: [
          {
            trainingRecordId: 'in',
            courseId: 'c',
            category: 'induction',
            hours: 4,
            completedAt: '2026-10-02T08:00:00Z',
            passed: true,
          },
          {
            trainingRecordId: 'out',
            courseId: 'c',
            category: 'induction',
            hours: 4,
            completedAt: '2026-09-02T08:00:00Z',
            passed: true,
          },
        ],
      },
    ],
    contacts: async function* (_tenant, day) {
      for (let i = 0; i < contactsPerDay; i++)
        yield { contactId: `${day}-${i}`, initiatedAt: `${day}T10:00:00Z`, channel: 'voice', centerId: 'lyon-1', day };
    },
    erasureRequests: async function* () {},
    controlStates: async () => new Map(),
    ledger: {
      entries: async function* () {
        yield* entries;
      },
      storedHead: async () => {
        const last = entries.at(-1);
        return last === undefined ? undefined : { sequence: last.sequence, hash: last.hash };
      },
    },
  };
}

/** Keeps each entry's bytes; `bytes` is their concatenation (not a zip: the use case does not read it). */
class MemoryArchive implements ArchiveWriter {
  readonly files = new Map<string, Buffer>();
  private readonly queue: Array<[string, () => AsyncIterable<Uint8Array>]> = [];
  add(path: string, content: () => AsyncIterable<Uint8Array>) {
    this.queue.push([path, content]);
  }
  end() {}
  get bytes(): AsyncIterable<Uint8Array> {
    const { queue, files } = this;
    return (async function* () {
      for (const [path, content] of queue) {
        const chunks: Uint8Array[] = [];
        for await (const chunk of content()) chunks.push(chunk);
        files.set(path, Buffer.concat(chunks));
        yield* chunks;
      }
    })();
  }
}

async function generate(entries: LedgerEntry[], extra: Partial<EvidenceSources> = {}) {
  const archive = new MemoryArchive();
  const stored = new Map<string, Buffer>();
  const appended: Evidence[] = [];
  const anchors: LedgerAnchor[] = [];
  const store: PackStore = {
    put: async (key, body) => {
      const chunks: Uint8Array[] = [];
      for await (const chunk of body) chunks.push(chunk);
      stored.set(key, Buffer.concat(chunks));
    },
    presign: async (key, seconds) => ({
      url: `https://reports.example/${key}`,
      expiresAt: new Date(Date.parse('2026-12-01T00:00:00Z') + seconds * 1000),
    }),
  };
  const source = { ...sources(entries), ...extra };
  const pack = await generateEvidencePack(
    {
      sources: source,
      ledger: {
        commit: async () => {
          throw new Error('not used');
        },
        append: async (evidence) => {
          appended.push(evidence);
          return { ...evidence, sequence: entries.length + 1 } as unknown as LedgerEntry;
        },
      },
      heads: { storedHead: source.ledger.storedHead, heads: async function* () {} },
      anchors: {
        put: async (anchor) => {
          anchors.unshift(anchor);
        },
        latest: async () => anchors[0],
        list: async () => anchors,
      },
      anchorKey: (anchor) => `ledger-anchors/${anchor.tenantId}/${anchor.sequence}`,
      archive: () => archive,
      store,
      generator: 'ccc-compliance test',
    },
    {
      tenantId,
      from: '2026-10-01',
      to: '2026-10-31',
      seed: 7,
      sampleSize: 3,
      actor: 'auditor-1',
      actorRole: 'auditor',
      requestId: 'req-1',
      now: new Date('2026-12-01T00:00:00Z'),
    },
  );
  const text = (path: string) => archive.files.get(path)?.toString('utf8') ?? '';
  return { pack, archive, stored, appended, anchors, text, manifest: JSON.parse(text('manifest.json')) };
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes the ledger files to a directory and runs VERIFY.md's command there. */
function runChainCheck(files: Map<string, Buffer>, edit?: (jsonl: string) => string) {
  const dir = mkdtempSync(join(tmpdir(), 'pack-unit-'));
  dirs.push(dir);
  for (const path of ['ledger/entries.jsonl', 'ledger/head.json']) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    const content = files.get(path)?.toString('utf8') ?? '';
    writeFileSync(join(dir, path), path.endsWith('.jsonl') && edit ? edit(content) : content);
  }
  try {
    return { ok: true, out: execSync(CHAIN_CHECK_COMMAND, { cwd: dir, encoding: 'utf8' }).trim() };
  } catch (error) {
    return { ok: false, out: String((error as { stdout?: string }).stdout ?? '').trim() };
  }
}

describe('generateEvidencePack', () => {
  const entries = chain(['2026-09-20T10:00:00Z', '2026-10-10T10:00:00Z', '2026-11-05T10:00:00Z']);

  it('lists every file with the SHA-256, size and rows of the bytes written, and SHA256SUMS repeats them', async () => {
    const { manifest, archive, text } = await generate(entries);
    for (const file of manifest.files) {
      const bytes = archive.files.get(file.path) as Buffer;
      expect(createHash('sha256').update(bytes).digest('hex'), file.path).toBe(file.sha256);
      expect(bytes.byteLength, file.path).toBe(file.bytes);
    }
    const sums = text('SHA256SUMS').trim().split('\n');
    expect(sums).toHaveLength(manifest.files.length + 1);
    expect(sums.at(-1)).toBe(
      `${createHash('sha256')
        .update(archive.files.get('manifest.json') as Buffer)
        .digest('hex')}  manifest.json`,
    );
    expect(manifest.files.find((f: { path: string }) => f.path === 'ledger/entries.jsonl').rows).toBe(2);
    expect(manifest.files.find((f: { path: string }) => f.path === 'people/training-records.csv').rows).toBe(1);
  });

  it('says which sources it could not include, and leaves their files out', async () => {
    const { manifest, archive } = await generate(entries);
    expect(manifest.missing.map((m: { path: string }) => m.path)).toEqual([
      'quality/audits.csv',
      'quality/nonconformities.csv',
      'quality/corrective-actions.csv',
      'governance/documents.csv',
      'governance/management-reviews.csv',
      'controls/history.csv',
    ]);
    expect(archive.files.has('quality/audits.csv')).toBe(false);
    const withHistory = await generate(entries, {
      controlHistory: {
        history: async () => [
          {
            tenantId,
            controlId: 'P1-CMP-ACK',
            from: 'compliant',
            to: 'breached',
            at: '2026-10-04T00:00:00Z',
            detail: {},
          },
        ],
      },
    });
    expect(withHistory.text('controls/history.csv')).toContain('P1-CMP-ACK,compliant,breached');
  });

  it('places records in the window by when they happened, and samples with the seed it names', async () => {
    const { text, manifest } = await generate(entries);
    expect(text('recordings/access-log.csv').split('\r\n')[1]).toMatch(
      /^2026-10-10T10:00:00Z,2026-10-10T10:00:00Z,2,reviewer-1,/,
    );
    expect(text('people/training-records.csv')).not.toContain(',out,');
    const contacts = manifest.files.find((f: { path: string }) => f.path === 'samples/contacts.csv');
    expect(contacts).toMatchObject({ seed: 7, sampleSize: 3, population: 62 });
    expect(text('samples/contacts.csv').split('\r\n').filter(Boolean)).toHaveLength(4);
  });

  it('anchors the head first, and writes the ledger from the first entry of the window up to that head', async () => {
    const { manifest, archive, anchors } = await generate(entries);
    const head = { sequence: 3, hash: entries[2]?.hash };
    expect(anchors).toHaveLength(1);
    expect(anchors[0]).toMatchObject({ ...head, reason: 'evidence-pack' });
    expect(manifest.ledger).toMatchObject({ head, anchor: { key: 'ledger-anchors/acme/3', ...head } });
    const ledgerHead = JSON.parse(archive.files.get('ledger/head.json')?.toString('utf8') ?? '{}');
    expect(ledgerHead.startsAfter).toEqual({ sequence: 1, hash: entries[0]?.hash });
    expect(runChainCheck(archive.files)).toEqual({ ok: true, out: `OK 3 ${entries[2]?.hash}` });
    const cut = runChainCheck(archive.files, (jsonl) => jsonl.split('\n').slice(0, 1).join('\n'));
    expect(cut.ok).toBe(false);
    expect(cut.out).toMatch(/^MISMATCH 2 /);
  });

  it('verifies an empty ledger too', async () => {
    const { archive } = await generate([]);
    expect(runChainCheck(archive.files)).toEqual({ ok: true, out: `OK 0 ${GENESIS_HASH}` });
  });

  it('records the pack in the ledger with the hash and size of what was stored, and links to it', async () => {
    const { pack, stored, appended } = await generate(entries);
    const zip = stored.get(pack.key) as Buffer;
    expect(pack.key).toBe('evidence/acme/2026-10-01_2026-10-31/2026-12-01T00:00:00.000Z.zip');
    expect(pack.sha256).toBe(createHash('sha256').update(zip).digest('hex'));
    expect(appended).toEqual([
      expect.objectContaining({
        kind: 'evidence.pack-generated',
        actor: 'auditor-1',
        actorRole: 'auditor',
        requestId: 'req-1',
        payload: expect.objectContaining({ key: pack.key, sha256: pack.sha256, bytes: zip.byteLength, seed: 7 }),
      }),
    ]);
    expect(pack.url).toBe(`https://reports.example/${pack.key}`);
    expect(pack.expiresAt).toBe('2026-12-01T00:05:00.000Z');
  });
});
