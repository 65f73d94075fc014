/** The local EventBridge Scheduler: expressions, next fire times and the in-process runner. */
export {
  DuplicateScheduleError,
  InvalidScheduleExpressionError,
  InvalidTimeZoneError,
  ScheduleNotFoundError,
  SchedulerStoppedError,
} from './errors.js';
export type {
  AtExpression,
  CronExpression,
  DayOfMonthRule,
  DayOfWeekRule,
  RateExpression,
  RateUnit,
  ScheduleExpression,
} from './expression.js';
export { parseScheduleExpression } from './expression.js';
export { type NextFireTimeOptions, nextFireTime } from './next-fire-time.js';
export {
  type Clock,
  type LocalSchedule,
  MAX_TIMER_DELAY_MS,
  type RunningScheduler,
  type SchedulerLogger,
  type SchedulerOptions,
  type SetTimer,
  startScheduler,
  type TimerHandle,
} from './scheduler.js';
