/**
 * DP-DSR-TIMELY (ISO18295.md §2.8): an erasure request is answered without undue delay, at the latest within one
 * calendar month of receipt (its `dueBy`, shared/domain/recording/erasure-deadline.ts). A request answered late, or
 * still unanswered past its deadline, breaches it; a request blocked by a legal hold is a lawful refusal (Art. 17(3))
 * and is no breach, but while it waits and its deadline is within {@link AT_RISK_DAYS} days the control is at risk.
 * @see GDPR Art. 12(3), 15, 17
 */
import { answeredOnTime } from '../../../domain/recording/erasure-deadline.js';
import type { StoredErasureRequest } from '../../erasure-requests.js';
import { defineControl } from '../control-definition.js';
import { capped } from './detail.js';

const AT_RISK_DAYS = 7;
const DAY_MS = 86_400_000;

export const DP_DSR_TIMELY = defineControl({
  controlId: 'DP-DSR-TIMELY',
  clause: 'GDPR Art. 12(3), 15, 17',
  source: 'GDPR',
  requirement: 'Erasure requests are answered without undue delay, at the latest within one month of receipt',
  cadence: 'daily',
  severity: 'major',
  switchable: false,
  facts: ['erasures'],
  evaluate: ({ erasures }, { now }) => {
    const { requests } = erasures;
    const late = requests.filter(
      (r) => r.status !== 'blocked-by-legal-hold' && answeredOnTime(r.dueBy, r.completedAt, now) === false,
    );
    const dueSoon = requests.filter((r) => {
      const left = Date.parse(r.dueBy) - now.getTime();
      return r.completedAt === undefined && left >= 0 && left <= AT_RISK_DAYS * DAY_MS;
    });
    const held = requests.filter((r) => r.status === 'blocked-by-legal-hold');
    const onTime = requests.filter((r) => answeredOnTime(r.dueBy, r.completedAt, now) === true).length;
    const status =
      requests.length === 0 ? 'no-data' : late.length > 0 ? 'breached' : dueSoon.length > 0 ? 'at-risk' : 'compliant';
    return {
      status,
      detail: {
        requests: requests.length,
        completedOnTime: onTime,
        ...capped('late', byDueBy(late)),
        ...capped('dueSoon', byDueBy(dueSoon)),
        heldCount: held.length,
      },
    };
  },
});

/** Request ids and deadlines, soonest first (never the data subject's reference). */
function byDueBy(requests: readonly StoredErasureRequest[]) {
  return [...requests]
    .sort((a, b) => a.dueBy.localeCompare(b.dueBy))
    .map(({ requestId, dueBy, completedAt }) => ({
      requestId,
      dueBy,
      ...(completedAt === undefined ? {} : { completedAt }),
    }));
}
