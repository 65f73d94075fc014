/**
 * DP-REC-ACCESS (ISO18295.md §2.8): recordings are reached only for a stated purpose, without unusual (bulk or
 * out-of-hours) access. Kept in real time by shared/app/recording-access.ts, which puts it at risk on an unusual
 * access; the daily evaluation judges the last 30 days: an unusual access not yet reviewed keeps it at risk, ordinary
 * accesses only make it compliant. A month without any access says nothing new, so the status stays what it was.
 * @see GDPR Art. 5(1)(f), 32
 */
import type { ControlState } from '../../control-state.js';
import { defineControl } from '../control-definition.js';

/** The days the access counts of the facts cover. */
const WINDOW_DAYS = 30;

export const DP_REC_ACCESS = defineControl({
  controlId: 'DP-REC-ACCESS',
  clause: '4.5 / GDPR Art. 5(1)(f), 32',
  source: 'GDPR',
  requirement: 'Recordings are reached only for a stated purpose, without unusual (bulk or off-hours) access',
  cadence: 'daily',
  severity: 'major',
  switchable: false,
  facts: ['recordings'],
  evaluate: ({ recordings }, { previous }) => {
    const { accesses, unusualAccesses } = recordings;
    const detail = { windowDays: WINDOW_DAYS, accesses, unusualAccesses, ...lastUnusualAccess(previous) };
    if (unusualAccesses > 0) return { status: 'at-risk', detail };
    if (accesses > 0) return { status: 'compliant', detail };
    return { status: previous?.status ?? 'no-data', detail };
  },
});

/**
 * The last unusual access named, as evidence behind the status: the one the real-time path recorded (its detail
 * names `accessId`), or the one an earlier evaluation carried on.
 */
function lastUnusualAccess(previous: ControlState | undefined): Record<string, unknown> {
  const detail = previous?.detail;
  if (detail === undefined) return {};
  if (typeof detail.accessId === 'string') {
    const { accessId, contactId, reason, at } = detail;
    return { lastUnusualAccess: { accessId, contactId, reason, at } };
  }
  return detail.lastUnusualAccess === undefined ? {} : { lastUnusualAccess: detail.lastUnusualAccess };
}
