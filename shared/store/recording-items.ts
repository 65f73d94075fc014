/**
 * The recording metadata item (docs/access-patterns.md, recordings): one per contact, with the index keys that serve
 * the daily purge (gsi1, by due day, only while the recording is stored and not held) and a data subject's
 * recordings (gsi2, while a `customerRef` is known). Every recording store reads and writes it through these two
 * functions, so the index keys always follow the state.
 */
import type { RecordingMetadata } from '../app/recordings.js';
import { keys } from './keys.js';

export const RECORDING_ENTITY = 'recording';

/** The UTC day (`YYYY-MM-DD`) an instant falls on. */
function utcDay(instant: string): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/** The index keys of a recording in `state`: due for the purge unless held or deleted; findable by data subject. */
export function recordingIndexKeys(state: RecordingMetadata): Record<string, string> {
  const index: Record<string, string> = {};
  if (state.status === 'stored' && !state.legalHold) {
    index.gsi1pk = keys.recordingsDue(utcDay(state.deleteAfter));
    index.gsi1sk = `${state.deleteAfter}#${state.tenantId}#${state.contactId}`;
  }
  if (state.customerRef !== undefined) {
    index.gsi2pk = keys.recordingsByCustomer(state.tenantId, state.customerRef);
    index.gsi2sk = state.contactId;
  }
  return index;
}

/** The whole item of a recording in `state` (a Put replaces it, so index keys that no longer apply disappear). */
export function recordingItem(state: RecordingMetadata): Record<string, unknown> {
  return {
    ...keys.recording(state.tenantId, state.contactId),
    entity: RECORDING_ENTITY,
    v: 1,
    ...state,
    ...recordingIndexKeys(state),
  };
}

const ITEM_ONLY = new Set(['pk', 'sk', 'entity', 'v', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']);

/** The metadata of a stored item, without its keys. */
export function recordingFromItem(item: Record<string, unknown>): RecordingMetadata {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_ONLY.has(k))) as unknown as RecordingMetadata;
}
