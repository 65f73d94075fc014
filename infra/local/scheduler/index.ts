/** The local EventBridge Scheduler: the in-process runner, and the expression rules it shares with the CDK app. */

export type { Clock } from '../../../events/envelope.js';
export type {
  AtExpression,
  CronExpression,
  DayOfMonthRule,
  DayOfWeekRule,
  RateExpression,
  RateUnit,
  ScheduleExpression,
} from '../../../shared/domain/schedule/expression.js';
export { parseScheduleExpression } from '../../../shared/domain/schedule/expression.js';
export { type NextFireTimeOptions, nextFireTime } from '../../../shared/domain/schedule/next-fire-time.js';
export {
  DuplicateScheduleError,
  InvalidScheduleExpressionError,
  InvalidTimeZoneError,
  ScheduleNotFoundError,
  SchedulerStoppedError,
} from './errors.js';
export {
  type LocalSchedule,
  MAX_TIMER_DELAY_MS,
  type RunningScheduler,
  type SchedulerLogger,
  type SchedulerOptions,
  type SetTimer,
  startScheduler,
  type TimerHandle,
} from './scheduler.js';
