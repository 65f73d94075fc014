/**
 * The one-machine stand-in for EventBridge Scheduler: the same schedule expressions and time zones, invoking
 * in-process functions instead of Lambda targets.
 */

import type { Clock } from '../../../events/envelope.js';
import { assertTimeZone } from '../../../shared/domain/calendar/wall-clock.js';
import { parseScheduleExpression, type ScheduleExpression } from '../../../shared/domain/schedule/expression.js';
import { nextFireTime } from '../../../shared/domain/schedule/next-fire-time.js';
import { DuplicateScheduleError, ScheduleNotFoundError, SchedulerStoppedError } from './errors.js';

/** One schedule: what AWS calls the schedule expression, `ScheduleExpressionTimezone` and the target. */
export interface LocalSchedule {
  name: string;
  expression: string;
  timeZone: string;
  invoke(): Promise<void>;
  /** `StartDate` of a rate() schedule. Without it, as in AWS, a rate schedule fires at once and then every period. */
  startAt?: Date;
}

/** A pending timer that can be cancelled. */
export interface TimerHandle {
  cancel(): void;
}

/** Arms a one-shot timer. The scheduler never asks for more than 2^31-1 ms, the most `setTimeout` can wait. */
export type SetTimer = (callback: () => void, delayMs: number) => TimerHandle;

/** The subset of a structured logger (Powertools `Logger`, `console`) that the scheduler writes to. */
export interface SchedulerLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export interface SchedulerOptions {
  schedules: readonly LocalSchedule[];
  clock?: Clock;
  setTimer?: SetTimer;
  logger?: SchedulerLogger;
}

export interface RunningScheduler {
  /** Cancels every timer and resolves once the invocations already running have finished. */
  stop(): Promise<void>;
  /** The next fire time of every schedule that will fire again, soonest first. */
  next(): Array<{ name: string; at: Date }>;
  /**
   * Runs a schedule now, outside its timetable, and rejects if the invocation fails. If that schedule is already
   * running, no second run is started: the call waits for the current one instead.
   */
  runNow(name: string): Promise<void>;
}

/** The longest delay `setTimeout` honours; longer ones fire at once, so long waits are taken in hops. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

interface ScheduleState {
  schedule: LocalSchedule;
  parsed: ScheduleExpression;
  timeZone: string;
  due: Date | undefined;
  timer: TimerHandle | undefined;
  running: Promise<void> | undefined;
}

const systemClock: Clock = () => new Date();

const systemTimer: SetTimer = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs);
  // The scheduler alone must not keep the process alive once everything else has stopped.
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
};

const silentLogger: SchedulerLogger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * Validates every schedule and arms its timer. Each fire re-arms the schedule before invoking it; an invocation
 * that fails is logged and the schedule carries on; a fire that finds the previous run still going is skipped.
 *
 * @throws InvalidScheduleExpressionError, InvalidTimeZoneError, DuplicateScheduleError before anything is armed
 */
export function startScheduler(options: SchedulerOptions): RunningScheduler {
  const clock = options.clock ?? systemClock;
  const setTimer = options.setTimer ?? systemTimer;
  const logger = options.logger ?? silentLogger;
  const startedAt = clock();
  const states = new Map<string, ScheduleState>();
  for (const schedule of options.schedules) {
    if (states.has(schedule.name)) throw new DuplicateScheduleError(schedule.name);
    const parsed = parseScheduleExpression(schedule.expression);
    const timeZone = assertTimeZone(schedule.timeZone);
    states.set(schedule.name, { schedule, parsed, timeZone, due: undefined, timer: undefined, running: undefined });
  }
  let stopped = false;

  const arm = (state: ScheduleState, after: Date, inclusive: boolean): void => {
    const { schedule, parsed, timeZone } = state;
    const startAt = schedule.startAt ?? startedAt;
    // At start the schedule may fire at that very instant (a rate's first run), so look from just before it.
    const from = inclusive ? new Date(after.getTime() - 1) : after;
    state.due = nextFireTime(parsed, from, timeZone, { startAt });
    if (state.due === undefined) {
      logger.info('schedule will not fire again', { schedule: schedule.name, expression: schedule.expression });
      return;
    }
    wait(state);
  };

  const wait = (state: ScheduleState): void => {
    const due = state.due;
    if (due === undefined || stopped) return;
    const delay = Math.min(Math.max(due.getTime() - clock().getTime(), 0), MAX_TIMER_DELAY_MS);
    state.timer = setTimer(() => wake(state), delay);
  };

  const wake = (state: ScheduleState): void => {
    state.timer = undefined;
    const due = state.due;
    if (due === undefined || stopped) return;
    const now = clock();
    // Either a hop of a long wait, or a timer that fired a little early: wait for the rest.
    if (now.getTime() < due.getTime()) {
      wait(state);
      return;
    }
    // Occurrences missed while the process was suspended are not replayed one after another.
    arm(state, now.getTime() > due.getTime() ? now : due, false);
    launch(state, 'schedule', due).catch(() => {
      // Already logged by launch; a failed run never stops the schedule.
    });
  };

  const launch = (state: ScheduleState, trigger: 'schedule' | 'manual', scheduledFor?: Date): Promise<void> => {
    const { name } = state.schedule;
    if (state.running !== undefined) {
      logger.warn('previous run still in progress; not starting another', { schedule: name, trigger });
      return state.running;
    }
    const startedRun = clock();
    logger.info('schedule invoked', { schedule: name, trigger, scheduledFor: scheduledFor?.toISOString() });
    const run = (async () => state.schedule.invoke())().then(
      () => logger.info('schedule run finished', { schedule: name, trigger, ms: elapsed(startedRun) }),
      (error: unknown) => {
        logger.error('schedule run failed', {
          schedule: name,
          trigger,
          ms: elapsed(startedRun),
          error: describe(error),
        });
        throw error;
      },
    );
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    state.running = settled;
    void settled.then(() => {
      if (state.running === settled) state.running = undefined;
    });
    return run;
  };

  const elapsed = (since: Date) => clock().getTime() - since.getTime();

  for (const state of states.values()) arm(state, startedAt, true);
  logger.info('scheduler started', { schedules: [...states.keys()] });

  return {
    async stop() {
      stopped = true;
      for (const state of states.values()) {
        state.timer?.cancel();
        state.timer = undefined;
      }
      await Promise.all([...states.values()].map((state) => state.running));
      logger.info('scheduler stopped');
    },
    next() {
      if (stopped) return [];
      return [...states.values()]
        .filter((state) => state.due !== undefined)
        .map((state) => ({ name: state.schedule.name, at: new Date(state.due!.getTime()) }))
        .sort((a, b) => a.at.getTime() - b.at.getTime() || a.name.localeCompare(b.name));
    },
    async runNow(name) {
      if (stopped) throw new SchedulerStoppedError();
      const state = states.get(name);
      if (state === undefined) throw new ScheduleNotFoundError(name);
      await launch(state, 'manual');
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
