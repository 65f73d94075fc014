import { fileTypeFromBuffer } from 'file-type';
import { describe, expect, it } from 'vitest';
import { recordingAvailableDetailAt } from '../../../../../events/recordings.js';
import { demoRecordings, toneWav } from '../../../../../infra/local/demo/recordings.js';

const NOW = new Date('2026-12-02T10:00:00Z');

describe('demo recordings', () => {
  const recordings = demoRecordings('2026-11', 'ccc-demo', NOW);

  it('are WAV files a type sniffer recognises, of the announced duration', async () => {
    const wav = toneWav(2, 440);
    expect(wav.byteLength).toBe(44 + 2 * 8_000 * 2);
    expect(await fileTypeFromBuffer(wav)).toMatchObject({ ext: 'wav', mime: 'audio/wav' });
  });

  it('announce valid recording.available events pointing at their objects', () => {
    const schema = recordingAvailableDetailAt(() => NOW);
    for (const r of recordings) {
      expect(schema.safeParse(r.detail).success, JSON.stringify(r.detail)).toBe(true);
      expect(r.detail.location).toBe(`s3://${r.object.bucket}/${r.object.key}`);
    }
  });

  it('give both tenants data subjects with two recordings, complaint evidence and one past its retention', () => {
    for (const tenantId of ['acme-energy', 'northwind-telecom']) {
      const mine = recordings.filter((r) => r.detail.tenantId === tenantId).map((r) => r.detail);
      const perSubject = new Map<string, number>();
      for (const d of mine) perSubject.set(d.customerRef ?? '', (perSubject.get(d.customerRef ?? '') ?? 0) + 1);
      expect([...perSubject.values()].filter((n) => n === 2)).toHaveLength(2);
      expect(mine.filter((d) => d.retentionClass === 'complaint_evidence')).toHaveLength(1);
      const old = mine.filter((d) => NOW.getTime() - Date.parse(d.recordedAt ?? d.occurredAt) > 183 * 86_400_000);
      expect(old).toHaveLength(1);
      expect(new Set(mine.map((d) => d.contactId)).size).toBe(mine.length);
    }
  });

  it('are the same on every start', () => {
    expect(demoRecordings('2026-11', 'ccc-demo', NOW)).toEqual(recordings);
  });
});
