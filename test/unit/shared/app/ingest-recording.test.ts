import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RecordingAvailableDetail } from '../../../../events/recordings.js';
import type { Evidence, EvidenceLedger, PreparedChange } from '../../../../shared/app/evidence-ledger.js';
import {
  IngestRecording,
  type RecordingIngestStore,
  RecordingRefusedError,
} from '../../../../shared/app/ingest-recording.js';
import {
  type RecordingMetadata,
  type RecordingObjectStore,
  type RecordingSource,
  RecordingSourceError,
  type StoredObject,
} from '../../../../shared/app/recordings.js';

const detail: RecordingAvailableDetail = {
  schemaVersion: 1,
  tenantId: 'acme-energy',
  centerId: 'lyon-1',
  occurredAt: '2026-11-02T08:21:40.000Z',
  contactId: 'c-1',
  location: 's3://platform/r/c-1.wav',
  format: 'wav',
  durationSeconds: 423,
  recordedAt: '2026-11-02T08:14:37.000Z',
};

/** In-memory ports: the table's recordings, the bucket's calls, a ledger that runs `prepare` once or fails. */
function harness(
  options: { versionId?: string; commit?: 'ok' | 'lost-race' | 'fails'; held?: boolean; source?: RecordingSource } = {},
) {
  const recordings = new Map<string, RecordingMetadata>();
  const calls: string[] = [];
  const evidence: Evidence[] = [];
  const winner = { versionId: 'winner-v' } as RecordingMetadata;
  const store: RecordingIngestStore = {
    find: async (_t, contactId) => recordings.get(contactId),
    contact: async () => ({ customerRef: 'cust-1' }),
    customerHold: async () =>
      options.held ? { tenantId: 't', customerRef: 'cust-1', reason: 'litigation', by: 'dpo', at: 'x' } : undefined,
    storedWrites: (state) => [{ put: state }],
  };
  const objects: RecordingObjectStore = {
    put: async (objectKey): Promise<StoredObject> => {
      calls.push(`put ${objectKey}`);
      return {
        objectKey,
        ...(options.versionId === undefined ? {} : { versionId: options.versionId }),
        sizeBytes: 10,
        sha256: 'f'.repeat(64),
        format: 'wav',
        contentType: 'audio/wav',
        kmsKeyId: 'key',
      };
    },
    presign: async () => ({ url: '', expiresAt: new Date() }),
    setLegalHold: async (_k, v, on) => void calls.push(`hold ${v} ${on}`),
    delete: async (_k, v) => void calls.push(`delete ${v}`),
  };
  const ledger: EvidenceLedger = {
    commit: async <T>(_tenant: string, prepare: () => Promise<PreparedChange<T>>) => {
      if (options.commit === 'lost-race') recordings.set('c-1', winner);
      if (options.commit === 'fails') throw new Error('the table is unreachable');
      const prepared = await prepare();
      if ('unchanged' in prepared) return { result: prepared.result };
      for (const item of prepared.items as Array<{ put: RecordingMetadata }>) recordings.set('c-1', item.put);
      evidence.push(prepared.evidence);
      return { result: prepared.result };
    },
    append: async () => {
      throw new Error('not used');
    },
  };
  const ingest = new IngestRecording({
    store,
    agreements: { versions: async () => [] },
    source: options.source ?? { open: async () => ({ body: Readable.from([Buffer.from('RIFF')]) }) },
    objects,
    ledger,
    now: () => new Date('2026-11-02T08:30:00.000Z'),
    retry: { retries: 1, minTimeout: 1, maxTimeout: 1, factor: 1, randomize: false },
  });
  return { ingest, recordings, calls, evidence };
}

describe('Use case: IngestRecording', () => {
  it('stores the metadata with the evidence of it, and keeps the data subject out of the ledger', async () => {
    const { ingest, recordings, evidence } = harness({ versionId: 'v1' });

    await expect(ingest.ingest(detail)).resolves.toBe('applied');

    expect(recordings.get('c-1')).toMatchObject({ versionId: 'v1', customerRef: 'cust-1', legalHold: false });
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatchObject({ kind: 'recording.stored', payload: { versionId: 'v1', legalHold: false } });
    expect(JSON.stringify(evidence[0])).not.toContain('cust-1');
  });

  it('deletes the version it wrote, and nothing else, when a concurrent delivery won', async () => {
    const { ingest, recordings, calls } = harness({ versionId: 'mine-v', commit: 'lost-race' });

    await expect(ingest.ingest(detail)).resolves.toBe('duplicate');

    expect(recordings.get('c-1')?.versionId).toBe('winner-v');
    expect(calls).toEqual(['put t/acme-energy/2026/11/c-1.wav', 'delete mine-v']);
  });

  it('leaves the bytes where no version is known (no versioning): the winner stored the same under the same key', async () => {
    const { ingest, calls } = harness({ commit: 'lost-race' });

    await expect(ingest.ingest(detail)).resolves.toBe('duplicate');

    expect(calls).toEqual(['put t/acme-energy/2026/11/c-1.wav']);
  });

  it('removes its unrecorded version, hold released first, when the transaction fails, and rethrows', async () => {
    const { ingest, recordings, calls } = harness({ versionId: 'mine-v', commit: 'fails', held: true });

    await expect(ingest.ingest(detail)).rejects.toThrow('the table is unreachable');

    expect(recordings.size).toBe(0);
    expect(calls).toEqual([
      'put t/acme-energy/2026/11/c-1.wav',
      'hold mine-v true',
      'hold mine-v false',
      'delete mine-v',
    ]);
  });

  it('holds the recording of a data subject on hold, in the metadata and on the object', async () => {
    const { ingest, recordings, calls } = harness({ versionId: 'v1', held: true });

    await ingest.ingest(detail);

    expect(recordings.get('c-1')).toMatchObject({
      legalHold: true,
      hold: { reason: 'litigation', by: 'dpo', scope: 'customer' },
    });
    expect(calls).toContain('hold v1 true');
  });

  it('refuses for good a source that is refused, and one still failing after the budget', async () => {
    let opened = 0;
    const refusing = harness({
      source: {
        open: async () => {
          throw new RecordingSourceError('bucket other is not an allowed recording source', false);
        },
      },
    });
    const failing = harness({
      source: {
        open: async () => {
          opened += 1;
          throw new RecordingSourceError('s3://platform/r/c-1.wav does not exist (yet)', true);
        },
      },
    });

    await expect(refusing.ingest.ingest(detail)).rejects.toEqual(
      new RecordingRefusedError('bucket other is not an allowed recording source'),
    );
    await expect(failing.ingest.ingest(detail)).rejects.toThrow(
      'the source still failed after the retries: s3://platform/r/c-1.wav does not exist (yet)',
    );
    // The budget's one retry after the first attempt; nothing was stored either time.
    expect(opened).toBe(2);
    expect(failing.calls).toEqual([]);
    expect(failing.recordings.size).toBe(0);
  });
});
