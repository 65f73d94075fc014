import { describe, expect, it } from 'vitest';
import type { CommittedChange, EvidenceLedger, PreparedChange } from '../../../../shared/app/evidence-ledger.js';
import {
  type DueRecording,
  PURGE_FIRST_RUN_DAYS,
  PURGE_LATE_ARRIVAL_DAYS,
  type PurgeCheckpoint,
  PurgeRecordings,
  purgeInstant,
  type RecordingPurgeStore,
} from '../../../../shared/app/purge-recordings.js';
import type { RecordingMetadata } from '../../../../shared/app/recordings.js';

/** A store with no recording at all, which notes the day partitions it is asked for. */
function emptyStore(checkpoint?: PurgeCheckpoint) {
  const asked: string[] = [];
  const store: RecordingPurgeStore = {
    checkpoint: async () => checkpoint,
    saveCheckpoint: async (next) => {
      checkpoint = next;
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
  it('reads the recent days first on a first run, then back to the oldest date an event may carry', async () => {
    const { store, asked, checkpoint } = emptyStore();

    const report = await new PurgeRecordings(store, objects, ledger).run(NOW, () => true);

    expect(PURGE_FIRST_RUN_DAYS).toBeGreaterThanOrEqual(5 * 365 + 1);
    expect(asked).toHaveLength(PURGE_FIRST_RUN_DAYS + 1);
    // The late-arrival window as new days, oldest first, up to today...
    expect(asked[0]).toBe('2025-10-28');
    expect(asked[PURGE_LATE_ARRIVAL_DAYS]).toBe('2026-12-02');
    // ...then the backlog, newest first, down to five years back.
    expect(asked[PURGE_LATE_ARRIVAL_DAYS + 1]).toBe('2025-10-27');
    expect(asked.at(-1)).toBe('2021-12-01');
    expect(new Set(asked).size).toBe(asked.length);
    expect(report).toMatchObject({ days: asked.length, complete: true });
    expect(checkpoint()).toEqual({ day: '2026-12-01', from: '2021-12-01' });
  });

  it('reads the days after the checkpoint, then the late-arrival window behind it, newest first', async () => {
    const { store, asked } = emptyStore({ day: '2026-11-30', from: '2021-12-01' });

    await new PurgeRecordings(store, objects, ledger).run(NOW, () => true);

    expect(asked.slice(0, 4)).toEqual(['2026-12-01', '2026-12-02', '2026-11-30', '2026-11-29']);
    expect(asked).toHaveLength(2 + PURGE_LATE_ARRIVAL_DAYS + 1);
  });

  it('goes on with a backlog a first run left unfinished, after the recent days', async () => {
    const { store, asked, checkpoint } = emptyStore({ day: '2026-12-01', from: '2023-06-10' });

    await new PurgeRecordings(store, objects, ledger).run(NOW, () => true);

    expect(asked[0]).toBe('2026-12-02');
    expect(asked[PURGE_LATE_ARRIVAL_DAYS + 2]).toBe('2023-06-09');
    expect(asked.at(-1)).toBe('2021-12-01');
    expect(checkpoint()).toEqual({ day: '2026-12-01', from: '2021-12-01' });
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

describe('Function: PurgeRecordings (the store failing while days are read ahead)', () => {
  it('fails the run with the error, and leaves no read-ahead failure unhandled to stop the process', async () => {
    // Prepare: the first day answers late; every day read ahead fails at once (DynamoDB Local just died).
    const { store } = emptyStore();
    let calls = 0;
    store.due = () =>
      (async function* () {
        calls++;
        if (calls === 1) await new Promise((resolve) => setTimeout(resolve, 50));
        else throw new Error('connect ECONNREFUSED 127.0.0.1:8000');
      })();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);

    // Act
    const run = new PurgeRecordings(store, objects, ledger).run(NOW, () => true);

    // Assess
    try {
      await expect(run).rejects.toThrow('ECONNREFUSED');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
