/**
 * What a control transition says, shared by the keeper (shared/app/control-keeper.ts) and the real-time paths that
 * change a control in their own transaction: the scalars of its detail, its history entry and its event.
 */
import { controlTransitionEvent } from '../../events/compliance.js';
import type { OutgoingEvent } from './assemble-vendor-contact.js';
import type { ControlHistoryEntry, ControlState } from './control-state.js';

/**
 * The history of a status change written outside the keeper, by a real-time path in its own transaction
 * (shared/app/agent-competence.ts, shared/app/recording-access.ts): `undefined` when the status did not change. A
 * breach or a restoration carries its event, left unpublished: the next run of the engine publishes it
 * (`ControlKeeper.publishPending` of shared/app/control-keeper.ts, within the hour), and opens a breach's
 * nonconformity first: the real-time paths do not read the quality records.
 */
export function realTimeTransition(
  before: ControlState | undefined,
  after: ControlState,
  severity: 'major' | 'minor',
): { entry: ControlHistoryEntry; event?: OutgoingEvent } | undefined {
  const from = before?.status ?? 'no-data';
  if (from === after.status) return undefined;
  const { tenantId, controlId, clause, since: at, detail } = after;
  const event = controlTransitionEvent({
    tenantId,
    controlId,
    clause,
    severity,
    from,
    to: after.status,
    since: at,
    summary: summary(detail),
  });
  const entry: ControlHistoryEntry = { tenantId, controlId, from, to: after.status, at, detail };
  return event === undefined ? { entry } : { entry, event };
}

/** The scalars of a detail (counts, month, share): what a ledger entry and an event say of it, without lists of ids. */
export function summary(detail: Record<string, unknown>): Record<string, string | number | boolean | null> {
  return Object.fromEntries(
    Object.entries(detail).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v)),
  ) as Record<string, string | number | boolean | null>;
}
