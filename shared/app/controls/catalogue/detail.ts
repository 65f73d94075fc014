/**
 * What every control of the catalogue shares: the tenant-local "today" its dates are judged on, and the cap on the
 * lists its detail carries (the stored state is one DynamoDB item, so a list is bounded and its `…Count` says how
 * many there are).
 */
import { localDate } from '../../../domain/calendar/zoned-time.js';
import { DETAIL_LIST_CAP } from '../../evaluate-competence.js';
import type { ControlContext } from '../control-definition.js';

/** The tenant-local date of the run's instant, in the zone of the agreement in force. */
export function today(context: Pick<ControlContext, 'now' | 'agreement'>): string {
  return localDate(context.now, context.agreement.timeZone.value);
}

/** `{ [name]: the first entries, [nameCount]: how many }`. */
export function capped<T>(name: string, list: readonly T[]): Record<string, unknown> {
  return { [name]: list.slice(0, DETAIL_LIST_CAP), [`${name}Count`]: list.length };
}
