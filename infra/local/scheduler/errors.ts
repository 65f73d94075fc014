export { InvalidTimeZoneError } from '../../../shared/domain/calendar/wall-clock.js';
export { InvalidScheduleExpressionError } from '../../../shared/domain/schedule/errors.js';

/** Two schedules share a name, so `runNow(name)` and the logs could not tell them apart. */
export class DuplicateScheduleError extends Error {
  override readonly name = 'DuplicateScheduleError';

  constructor(readonly scheduleName: string) {
    super(`Schedule "${scheduleName}" is defined more than once`);
  }
}

/** `runNow` was asked for a schedule the scheduler does not know. */
export class ScheduleNotFoundError extends Error {
  override readonly name = 'ScheduleNotFoundError';

  constructor(readonly scheduleName: string) {
    super(`No schedule named "${scheduleName}"`);
  }
}

/** The scheduler was used after `stop()`. */
export class SchedulerStoppedError extends Error {
  override readonly name = 'SchedulerStoppedError';

  constructor() {
    super('The scheduler has been stopped');
  }
}
