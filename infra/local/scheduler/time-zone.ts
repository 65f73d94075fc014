/**
 * The scheduler's time-zone check, kept under its old path for `infra/constructs/compliance-schedules.ts`; the wall
 * clock itself lives in `shared/domain/calendar/wall-clock.ts`, which new code imports directly.
 */
export { assertTimeZone } from '../../../shared/domain/calendar/wall-clock.js';
