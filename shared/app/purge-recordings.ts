/**
 * The retention purge (ISO18295.md §2.8, DP-REC-RETENTION: no recording past its `deleteAfter` and not held survives
 * more than a day). Scheduled daily (functions/schedules.ts); every run reads the due index day by day, deletes what
 * is due and unheld, and records each deletion in the tenant's ledger. shared/store/recording-purge-repository.ts
 * implements the store on DynamoDB.
 *
 * Idempotent and resumable: a recording is deleted only from the state just read (object first, then the metadata
 * and its `recording.deleted` entry in one transaction conditioned on that state), so a rerun, a crash or a
 * concurrent run repeats nothing; a day is checkpointed only once everything due on it is deleted or found held.
 * What a run has no time for is left to the next, which starts from the checkpoint.
 */
import { RECEIPT_WINDOW } from '../../events/envelope.js';
import { addDays, daysBetween, lastCompletableDay, laterDay, utcDay } from '../domain/recording/purge-days.js';
import type { EvidenceLedger } from './evidence-ledger.js';
import {
  type DeletionActor,
  deletedState,
  isDeletable,
  type RecordingDeletionStore,
  recordingDeletedEvidence,
} from './recording-deletion.js';
import type { RecordingObjectStore } from './recordings.js';

/** A recording the due index lists (eventually consistent: the item itself is read again before anything). */
export interface DueRecording {
  tenantId: string;
  contactId: string;
}

/**
 * How far the purge got: every day from `from` to `day` (UTC, both included) has been read with everything due on
 * it deleted or found held. `day` only moves forward (new days), `from` only back (the first run's backlog).
 */
export interface PurgeCheckpoint {
  day: string;
  from: string;
}

/** Port: the purge's index, checkpoint and the recordings it deletes. */
export interface RecordingPurgeStore extends RecordingDeletionStore {
  checkpoint(): Promise<PurgeCheckpoint | undefined>;
  /** Stores `next` unless a concurrent run got further (a later `day` or an earlier `from`): then its stands. */
  saveCheckpoint(next: PurgeCheckpoint, at: Date): Promise<void>;
  /** The recordings filed as due on `day` (UTC day of `deleteAfter`) whose `deleteAfter` is before `before`. */
  due(day: string, before: Date): AsyncIterable<DueRecording>;
}

/** What a run did. */
export interface PurgeReport {
  /** Day partitions read. */
  days: number;
  deleted: number;
  /** Due, but on legal hold (the recording's own, or its data subject's). */
  held: number;
  /** Left for the next run after an error (logged through `onFailure`). */
  failed: number;
  /** The checkpoint after the run. */
  checkpoint?: PurgeCheckpoint;
  /** False when the run stopped for lack of time; the next run goes on. */
  complete: boolean;
}

/**
 * How far back a first run looks (no checkpoint yet): to the oldest `deleteAfter` a recording can have, since an
 * event may describe a recording up to {@link RECEIPT_WINDOW} before it is received.
 */
export const PURGE_FIRST_RUN_DAYS = RECEIPT_WINDOW.maxAgeDays + 1;

/**
 * How far behind its checkpoint every later run reads again. A recording can be filed under a day the checkpoint
 * has already passed: one ingested after its date (an import of old calls, a platform that announces late) or one
 * whose hold is released after its date. Those late arrivals are found because every run reads these days again;
 * an empty day costs one small query. Beyond it (say, a hold released more than 400 days after the recording's
 * date) the purge does not see the recording: its index day would have to be the day it was written instead, in
 * shared/store/recording-items.ts.
 */
export const PURGE_LATE_ARRIVAL_DAYS = 400;

/** Day partitions queried ahead of the one purged: enough to hide the latency of thousands of mostly empty queries. */
export const PURGE_DAYS_AHEAD = 32;

export const PURGE_ACTOR: DeletionActor = { actor: 'system:purge-recordings', actorRole: 'system' };

export interface PurgeOptions {
  /** {@link PURGE_FIRST_RUN_DAYS} unless given. */
  firstRunDays?: number;
  /** {@link PURGE_LATE_ARRIVAL_DAYS} unless given. */
  lateArrivalDays?: number;
  /** An error on one recording: it is counted as failed and its day left unfinished. */
  onFailure?: (recording: DueRecording, error: unknown) => void;
  /** A due recording whose object was deleted while a hold was set on it concurrently (it stays held, without bytes). */
  onHeldAfterDelete?: (recording: DueRecording) => void;
}

/**
 * The instant a run purges as of: the time the schedule was due (EventBridge Scheduler's `scheduled-time`), so a
 * retried invocation purges as the first attempt did; never later than `clock()`, so that no invocation, whatever
 * it says, deletes a recording before its date.
 */
export function purgeInstant(scheduledTime: unknown, clock: () => Date): Date {
  const now = clock();
  const at = typeof scheduledTime === 'string' ? Date.parse(scheduledTime) : Number.NaN;
  return Number.isFinite(at) && at <= now.getTime() ? new Date(at) : now;
}

type Outcome = 'deleted' | 'held' | 'skipped' | 'failed';

export class PurgeRecordings {
  private readonly firstRunDays: number;
  private readonly lateArrivalDays: number;

  constructor(
    private readonly store: RecordingPurgeStore,
    private readonly objects: Pick<RecordingObjectStore, 'delete'>,
    private readonly ledger: EvidenceLedger,
    private readonly options: PurgeOptions = {},
  ) {
    this.firstRunDays = options.firstRunDays ?? PURGE_FIRST_RUN_DAYS;
    this.lateArrivalDays = options.lateArrivalDays ?? PURGE_LATE_ARRIVAL_DAYS;
  }

  /**
   * One run at `now`, in three parts, each stopping when `hasTime` says so: the new days after the checkpoint up to
   * today, oldest first, each checkpointed once fully done (today excepted: it is not over; a first run takes the
   * late-arrival window as new days); the late-arrival window behind the checkpoint again, newest first; and, until
   * it is done, the first run's backlog back to the oldest possible date, newest first, extending the checkpoint's
   * `from`. Recent days come first, so a machine that was off catches up on them before the old backlog.
   */
  async run(now: Date, hasTime: () => boolean): Promise<PurgeReport> {
    const today = utcDay(now);
    const earliest = addDays(today, -this.firstRunDays);
    const stored = await this.store.checkpoint();
    const known = stored !== undefined && stored.day >= earliest ? stored : undefined;
    const report: PurgeReport = { days: 0, deleted: 0, held: 0, failed: 0, complete: true };
    const freshFrom = known === undefined ? addDays(today, -this.lateArrivalDays) : addDays(known.day, 1);
    const fresh = daysBetween(laterDay(freshFrom, earliest), today);
    const from = known?.from ?? fresh[0] ?? today;
    let checkpoint: PurgeCheckpoint | undefined = known === undefined ? undefined : { day: known.day, from };
    const lastCompletable = lastCompletableDay(now);

    let contiguous = true;
    await this.readDays(fresh, now, hasTime, report, async (day, done) => {
      contiguous &&= done;
      if (!contiguous || day > lastCompletable) return;
      checkpoint = { day, from: checkpoint?.from ?? from };
      await this.store.saveCheckpoint(checkpoint, now);
    });
    if (known !== undefined) {
      const lateFrom = addDays(known.day, -this.lateArrivalDays);
      await this.readDays(daysBetween(laterDay(lateFrom, from), known.day).reverse(), now, hasTime, report);
    }
    const backlog = daysBetween(earliest, addDays(from, -1)).reverse();
    contiguous = true;
    await this.readDays(backlog, now, hasTime, report, async (day, done) => {
      contiguous &&= done;
      if (!contiguous || checkpoint === undefined) return;
      checkpoint = { ...checkpoint, from: day };
      await this.store.saveCheckpoint(checkpoint, now);
    });
    if (checkpoint !== undefined) report.checkpoint = checkpoint;
    return report;
  }

  /**
   * Reads `days` in order, the next few queried ahead while one is purged, and purges each one's recordings one
   * after the other; `settled` hears of each day, in order, with whether everything due on it was deleted or found
   * held.
   */
  private async readDays(
    days: string[],
    now: Date,
    hasTime: () => boolean,
    report: PurgeReport,
    settled: (day: string, done: boolean) => Promise<void> = async () => {},
  ): Promise<void> {
    const ahead: Array<Promise<DueRecording[]>> = [];
    const query = (i: number) => {
      const day = days[i];
      if (day === undefined) return;
      const pending = this.listDue(day, now);
      // Read ahead: a failure is met when its day's turn comes (the await below throws it) or not at all when the run
      // stops first; until then it must not count as unhandled, which would stop the process (`npm start`).
      pending.catch(() => undefined);
      ahead.push(pending);
    };
    for (let i = 0; i < PURGE_DAYS_AHEAD; i++) query(i);
    for (const [i, day] of days.entries()) {
      const due = (await ahead.shift()) ?? [];
      query(i + PURGE_DAYS_AHEAD);
      if (!hasTime()) {
        report.complete = false;
        return;
      }
      report.days++;
      let done = true;
      for (const recording of due) {
        if (!hasTime()) {
          report.complete = false;
          return;
        }
        const outcome = await this.purgeOne(recording, now);
        if (outcome === 'failed') done = false;
        if (outcome !== 'skipped') report[outcome]++;
      }
      await settled(day, done);
    }
  }

  private async listDue(day: string, now: Date): Promise<DueRecording[]> {
    const due: DueRecording[] = [];
    for await (const recording of this.store.due(day, now)) due.push(recording);
    return due;
  }

  /** Deletes one due recording from its state as read now; anything that went wrong is left for the next run. */
  private async purgeOne(recording: DueRecording, now: Date): Promise<Outcome> {
    try {
      return await this.delete(recording, now);
    } catch (error) {
      this.options.onFailure?.(recording, error);
      return 'failed';
    }
  }

  private async delete({ tenantId, contactId }: DueRecording, now: Date): Promise<Outcome> {
    const { store, ledger } = this;
    const found = await store.find(tenantId, contactId);
    if (found === undefined || found.status !== 'stored' || Date.parse(found.deleteAfter) >= now.getTime())
      return 'skipped';
    if (!isDeletable(found) || (await this.customerHeld(found))) return 'held';
    await this.objects.delete(found.objectKey, found.versionId);
    const { result } = await ledger.commit<Outcome>(tenantId, async () => {
      const current = await store.find(tenantId, contactId);
      if (current === undefined || current.status !== 'stored') return { unchanged: true, result: 'skipped' };
      if (!isDeletable(current) || (await this.customerHeld(current))) {
        this.options.onHeldAfterDelete?.({ tenantId, contactId });
        return { unchanged: true, result: 'held' };
      }
      const deleted = deletedState(current, { at: now.toISOString(), reason: 'retention', by: 'purge-recordings' });
      const changes = [{ stored: current, deleted }];
      return {
        items: store.deletionWrites(changes),
        evidence: recordingDeletedEvidence(tenantId, changes, PURGE_ACTOR, now),
        result: 'deleted',
      };
    });
    return result;
  }

  private async customerHeld(recording: { tenantId: string; customerRef?: string }): Promise<boolean> {
    return recording.customerRef !== undefined && this.store.customerHeld(recording.tenantId, recording.customerRef);
  }
}
