import { describe, expect, it } from 'vitest';
import type { CommittedChange, EvidenceLedger, PreparedChange } from '../../../../shared/app/evidence-ledger.js';
import {
  type DueRecording,
  PURGE_FIRST_RUN_DAYS,
  PURGE_LATE_ARRIVAL_DAYS,
  PurgeRecordings,
  purgeInstant,
  type RecordingPurgeStore,
} from '../../../../shared/app/purge-recordings.js';
import type { RecordingMetadata } from '../../../../shared/app/recordings.js';

/** A store with no recording at all, which notes the day partitions it is asked for. */
function emptyStore(checkpoint?: string) {
  const asked: string[] = [];
  const store: RecordingPurgeStore = {
    checkpoint: async () => checkpoint,
    advanceCheckpoint: async (day) => {
      checkpoint = day;
    },
    due(day): AsyncIterable<DueRecording> {
      asked.push(day);
      return (async function* () {})();
    },
    find: async (): Promise<RecordingMetadata | undefined> => undefined,
    customerHeld: async () => false,
    deletionWrites: () => [],
  };
  return { store, asked, checkpoint: () => checkpoint };
}

const ledger: EvidenceLedger = {
  commit: async <T>(_t: string, prepare: () => Promise<PreparedChange<T>>): Promise<CommittedChange<T>> => ({
    result: (await prepare()).result,
  }),
  append: async () => {
    throw new Error('not used');
  },
};
const objects = { delete: async () => {} };
const NOW = new Date('2026-12-02T02:30:00.000Z');

describe('Function: PurgeRecordings (days read)', () => {
  it('reads every day back to the oldest date an event may carry on a first run, oldest first', async () => {
    const { store, asked, checkpoint } = emptyStore();

    const report = await new PurgeRecordings(store, objects, ledger).run(NOW, () => true);

    expect(PURGE_FIRST_RUN_DAYS).toBeGreaterThanOrEqual(5 * 365 + 1);
    expect(asked).toHaveLength(PURGE_FIRST_RUN_DAYS + 1);
    expect(asked[0]).toBe('2021-12-01');
    expect(asked.at(-1)).toBe('2026-12-02');
    expect(report).toMatchObject({ days: asked.length, checkpoint: '2026-12-01', complete: true });
    expect(checkpoint()).toBe('2026-12-01');
  });

  it('reads the days after the checkpoint, then the late-arrival window behind it, newest first', async () => {
    const { store, asked } = emptyStore('2026-11-30');

    await new PurgeRecordings(store, objects, ledger).run(NOW, () => true);

    expect(asked.slice(0, 2)).toEqual(['2026-12-01', '2026-12-02']);
    expect(asked.slice(2, 4)).toEqual(['2026-11-30', '2026-11-29']);
    expect(asked).toHaveLength(2 + PURGE_LATE_ARRIVAL_DAYS + 1);
  });
});

describe('Function: purgeInstant', () => {
  const clock = () => NOW;

  it('purges as of the scheduled time, never later than the clock', () => {
    expect(purgeInstant('2026-12-02T02:30:00Z', () => new Date('2026-12-02T02:31:00Z')).toISOString()).toBe(
      '2026-12-02T02:30:00.000Z',
    );
    expect(purgeInstant('2027-01-01T00:00:00Z', clock)).toEqual(NOW);
  });

  it('takes the clock when there is no usable scheduled time', () => {
    expect(purgeInstant(undefined, clock)).toEqual(NOW);
    expect(purgeInstant('not a time', clock)).toEqual(NOW);
  });
});
