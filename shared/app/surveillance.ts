/**
 * The daily surveillance's message and ports (issue 13 item 1, DESIGN.md §6): one schedule starts the enumerator
 * (shared/app/surveillance-enumerator.ts), which sends one message per tenant whose day is not done to the
 * surveillance queue; the queue's consumer (shared/app/surveillance-run.ts) surveils that tenant's day once.
 */
import type { StoreWrite } from './evidence-ledger.js';

/** One tenant's surveillance of one day, as the enumerator sends it and the worker receives it. */
export interface SurveillanceMessage {
  tenantId: string;
  /** The tenant-local date surveilled (`yyyy-mm-dd`). */
  day: string;
  /** The schedule's instant (ISO 8601). */
  scheduledTime: string;
  /** Days after the last completed one and before `day`, oldest first: recorded as caught up by this run. */
  missedDays: string[];
}

/** A tenant-day's run item. */
export interface SurveillanceRun {
  status: 'running' | 'completed' | 'released';
  /** The claim of the attempt that holds (or completed) it. */
  token?: string;
  /** For a caught-up day: the day whose run recorded it. */
  caughtUpBy?: string;
}

/** What claiming a tenant-day came to. */
export type ClaimOutcome = 'claimed' | 'completed' | 'busy';

/** Port: the run items and the "last completed day" pointer (shared/store/surveillance-repository.ts). */
export interface SurveillanceStore {
  /** The tenant's last completed day, read once per tenant by the enumerator. */
  lastCompletedDay(tenantId: string): Promise<string | undefined>;
  /**
   * Claims the day for the attempt `token` until `leaseUntil`: only when it is absent, released, or running under an
   * expired lease. A completed day answers `completed`, one held by a live claim `busy`.
   */
  claim(tenantId: string, day: string, token: string, now: Date, leaseUntil: Date): Promise<ClaimOutcome>;
  /** Gives the claim back after a failed attempt, so that the message's next delivery may claim it at once. */
  release(tenantId: string, day: string, token: string): Promise<void>;
  /** The run items of `days` (strongly consistent) and the pointer, read to prepare the completion. */
  progress(tenantId: string, days: readonly string[]): Promise<{ runs: Map<string, SurveillanceRun>; last?: string }>;
  /**
   * The writes of a completion: the day's run item `completed` (conditioned on `token`), each caught-up day's item
   * `completed` (conditioned on not being completed by another run), and the pointer moved to `last` (conditioned
   * on `previousLast`).
   */
  completionWrites(completion: {
    tenantId: string;
    day: string;
    token: string;
    at: string;
    caughtUp: readonly string[];
    last: string;
    previousLast: string | undefined;
  }): StoreWrite[];
}

/** Port of the monthly reports (shared/app/monthly-reports.ts `MonthlyReports` implements it). */
export interface DueReports {
  /** Produces and sends last month's report if the tenant-local date at `now` is in a later month and that
   *  month's report was not produced yet; returns the month produced, or undefined. Idempotent. */
  produceDue(tenantId: string, now: Date): Promise<{ month: string } | undefined>;
}

/** Port: sends the messages to the surveillance queue; returns those SQS did not take after its retries. */
export interface SurveillanceQueue {
  send(messages: readonly SurveillanceMessage[]): Promise<{ failed: SurveillanceMessage[] }>;
}

/** Another attempt holds the day's claim: the message is tried again later (and then finds the day completed). */
export class DayInProgressError extends Error {
  override name = 'DayInProgressError';
}
