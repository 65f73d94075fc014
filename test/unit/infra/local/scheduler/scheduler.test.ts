import { describe, expect, it, vi } from 'vitest';
import {
  DuplicateScheduleError,
  InvalidScheduleExpressionError,
  InvalidTimeZoneError,
  type LocalSchedule,
  MAX_TIMER_DELAY_MS,
  ScheduleNotFoundError,
  SchedulerStoppedError,
  startScheduler,
} from '../../../../../infra/local/scheduler/index.js';

/** A clock and timer that only move when the test says so. */
function fakeTime(startIso: string) {
  let now = Date.parse(startIso);
  const timers: Array<{ at: number; callback: () => void; cancelled: boolean }> = [];
  const delays: number[] = [];
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    clock: () => new Date(now),
    setTimer: (callback: () => void, delayMs: number) => {
      delays.push(delayMs);
      const timer = { at: now + delayMs, callback, cancelled: false };
      timers.push(timer);
      return { cancel: () => (timer.cancelled = true) };
    },
    delays,
    pending: () => timers.filter((t) => !t.cancelled).length,
    /** Moves the clock to `iso`, firing every timer due on the way, in order. */
    async advanceTo(iso: string) {
      const target = Date.parse(iso);
      for (;;) {
        const due = timers.filter((t) => !t.cancelled && t.at <= target).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        due.cancelled = true;
        now = due.at;
        due.callback();
        await settle();
      }
      now = target;
      await settle();
    },
    settle,
  };
}

function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const logger = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });

describe('Scheduler: startScheduler', () => {
  it('fires a daily cron in its time zone and re-arms after each run, skipping the spring-forward day', async () => {
    // Prepare
    const time = fakeTime('2026-03-27T12:00:00Z');
    const firedAt: string[] = [];
    const schedule: LocalSchedule = {
      name: 'daily-surveillance',
      expression: 'cron(0 2 * * ? *)',
      timeZone: 'Europe/Paris',
      invoke: async () => {
        firedAt.push(time.clock().toISOString());
      },
    };
    // Act
    const scheduler = startScheduler({ schedules: [schedule], clock: time.clock, setTimer: time.setTimer });
    await time.advanceTo('2026-03-31T12:00:00Z');
    // Assess
    expect(firedAt).toEqual(['2026-03-28T01:00:00.000Z', '2026-03-30T00:00:00.000Z', '2026-03-31T00:00:00.000Z']);
    expect(scheduler.next()).toEqual([{ name: 'daily-surveillance', at: new Date('2026-04-01T00:00:00Z') }]);
    await scheduler.stop();
  });

  it('lists the next run of each schedule, soonest first, leaving out a one-time schedule already past', async () => {
    const time = fakeTime('2026-01-15T12:00:00Z');
    const noop = async () => {};
    const scheduler = startScheduler({
      schedules: [
        { name: 'monthly-report', expression: 'cron(0 6 1 * ? *)', timeZone: 'Europe/Paris', invoke: noop },
        { name: 'purge', expression: 'cron(30 3 * * ? *)', timeZone: 'Europe/London', invoke: noop },
        { name: 'old-one-off', expression: 'at(2025-12-31T23:00:00)', timeZone: 'UTC', invoke: noop },
      ],
      clock: time.clock,
      setTimer: time.setTimer,
    });
    expect(scheduler.next()).toEqual([
      { name: 'purge', at: new Date('2026-01-16T03:30:00Z') },
      { name: 'monthly-report', at: new Date('2026-02-01T05:00:00Z') },
    ]);
    await scheduler.stop();
  });

  it('fires a rate schedule at start and then every period, as AWS does without a StartDate', async () => {
    const time = fakeTime('2026-01-01T10:00:00Z');
    const firedAt: string[] = [];
    const invoke = async () => {
      firedAt.push(time.clock().toISOString());
    };
    const scheduler = startScheduler({
      schedules: [{ name: 'tick', expression: 'rate(5 minutes)', timeZone: 'UTC', invoke }],
      clock: time.clock,
      setTimer: time.setTimer,
    });
    await time.advanceTo('2026-01-01T10:12:00Z');
    expect(firedAt).toEqual(['2026-01-01T10:00:00.000Z', '2026-01-01T10:05:00.000Z', '2026-01-01T10:10:00.000Z']);
    await scheduler.stop();
  });

  it('logs a failed run and keeps the schedule going', async () => {
    const time = fakeTime('2026-01-01T00:00:30Z');
    const log = logger();
    let calls = 0;
    const invoke = async () => {
      calls += 1;
      if (calls === 1) throw new Error('table not found');
    };
    const scheduler = startScheduler({
      schedules: [{ name: 'flaky', expression: 'cron(* * * * ? *)', timeZone: 'UTC', invoke }],
      clock: time.clock,
      setTimer: time.setTimer,
      logger: log,
    });
    await time.advanceTo('2026-01-01T00:03:00Z');
    expect(calls).toBe(3);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error).toHaveBeenCalledWith(
      'schedule run failed',
      expect.objectContaining({ schedule: 'flaky', error: 'Error: table not found' }),
    );
    await scheduler.stop();
  });

  it('does not start a second run of a schedule while the first is still going', async () => {
    const time = fakeTime('2026-01-01T00:00:30Z');
    const log = logger();
    const slow = deferred();
    let started = 0;
    const invoke = async () => {
      started += 1;
      if (started === 1) await slow.promise;
    };
    const scheduler = startScheduler({
      schedules: [{ name: 'slow', expression: 'cron(* * * * ? *)', timeZone: 'UTC', invoke }],
      clock: time.clock,
      setTimer: time.setTimer,
      logger: log,
    });
    await time.advanceTo('2026-01-01T00:03:30Z');
    expect(started).toBe(1);
    expect(log.warn).toHaveBeenCalledTimes(2);
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('still in progress'), {
      schedule: 'slow',
      trigger: 'schedule',
    });

    slow.resolve();
    await time.settle();
    await time.advanceTo('2026-01-01T00:04:00Z');
    expect(started).toBe(2);
    await scheduler.stop();
  });

  it('waits on stop() for the run in progress, then fires nothing more', async () => {
    const time = fakeTime('2026-01-01T00:00:30Z');
    const slow = deferred();
    let started = 0;
    const invoke = async () => {
      started += 1;
      await slow.promise;
    };
    const scheduler = startScheduler({
      schedules: [{ name: 'slow', expression: 'cron(* * * * ? *)', timeZone: 'UTC', invoke }],
      clock: time.clock,
      setTimer: time.setTimer,
    });
    await time.advanceTo('2026-01-01T00:01:00Z');
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await time.settle();
    expect(stopped).toBe(false);

    slow.resolve();
    await stopping;
    expect(stopped).toBe(true);
    expect(time.pending()).toBe(0);
    await time.advanceTo('2026-01-01T01:00:00Z');
    expect(started).toBe(1);
    expect(scheduler.next()).toEqual([]);
  });

  it('waits beyond the longest setTimeout delay in hops, and fires once at the right time', async () => {
    const time = fakeTime('2026-01-01T00:00:00Z');
    const firedAt: string[] = [];
    const invoke = async () => {
      firedAt.push(time.clock().toISOString());
    };
    const scheduler = startScheduler({
      schedules: [{ name: 'in-60-days', expression: 'at(2026-03-02T00:00:00)', timeZone: 'UTC', invoke }],
      clock: time.clock,
      setTimer: time.setTimer,
    });
    expect(time.delays[0]).toBe(MAX_TIMER_DELAY_MS);

    await time.advanceTo('2026-03-01T23:59:59Z');
    expect(firedAt).toEqual([]);
    await time.advanceTo('2026-12-31T00:00:00Z');
    expect(firedAt).toEqual(['2026-03-02T00:00:00.000Z']);
    expect(time.delays.every((delay) => delay <= MAX_TIMER_DELAY_MS)).toBe(true);
    await scheduler.stop();
  });

  it('runs a schedule on demand and reports its failure to the caller', async () => {
    const time = fakeTime('2026-01-01T00:00:00Z');
    const invoke = vi.fn(async () => {
      throw new Error('boom');
    });
    const scheduler = startScheduler({
      schedules: [{ name: 'report', expression: 'cron(0 6 1 * ? *)', timeZone: 'Europe/Paris', invoke }],
      clock: time.clock,
      setTimer: time.setTimer,
    });
    await expect(scheduler.runNow('report')).rejects.toThrow('boom');
    expect(invoke).toHaveBeenCalledTimes(1);
    await expect(scheduler.runNow('nope')).rejects.toThrow(ScheduleNotFoundError);

    await scheduler.stop();
    await expect(scheduler.runNow('report')).rejects.toThrow(SchedulerStoppedError);
  });

  it.each([
    [[{ expression: 'cron(0 2 * * * *)', timeZone: 'UTC' }], InvalidScheduleExpressionError],
    [[{ expression: 'cron(0 2 * * ? *)', timeZone: 'Paris' }], InvalidTimeZoneError],
    [
      [
        { expression: 'rate(1 day)', timeZone: 'UTC' },
        { expression: 'rate(2 days)', timeZone: 'UTC' },
      ],
      DuplicateScheduleError,
    ],
  ])('refuses bad definitions before arming anything (%#)', (definitions, error) => {
    const time = fakeTime('2026-01-01T00:00:00Z');
    const schedules = definitions.map((d) => ({ name: 'same-name', ...d, invoke: async () => {} }));
    expect(() => startScheduler({ schedules, clock: time.clock, setTimer: time.setTimer })).toThrow(error);
    expect(time.delays).toEqual([]);
  });
});
