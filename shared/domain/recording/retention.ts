/**
 * How long a recording is kept: the agreement's retention for its class (`retention.recordings`), counted from when
 * it was recorded. The default agreement keeps training and quality recordings six months (183 days, origin
 * `internal`: the CNIL's reference for such recordings, shared/domain/agreement/default-agreement.ts); an event that
 * names no class is of that class. ISO18295.md §2.8.
 */
import type { RetentionClass } from '../../../events/recordings.js';
import type { AgreementVersion } from '../agreement/agreement-schema.js';
import type { Origin } from '../agreement/defaults.js';

/** The class of a recording whose announcement names none. */
export const DEFAULT_RETENTION_CLASS: RetentionClass = 'training_qa';

const DAY_MS = 86_400_000;

/** A recording's retention: the class applied, its days and their origin, and the instant after which it goes. */
export interface RecordingRetention {
  retentionClass: RetentionClass;
  retentionDays: number;
  retentionOrigin: Origin;
  /** `recordedAt` + `retentionDays` × 24 h, an ISO instant (UTC). */
  deleteAfter: string;
}

/**
 * The retention of a recording made at `recordedAt` under `version` (the agreement version in force then: see
 * `versionInForceAt` in shared/domain/agreement/agreement-versions.ts). Days are whole 24-hour days from the instant
 * of recording, so the date does not depend on a time zone or on daylight saving.
 */
export function recordingRetention(
  version: Pick<AgreementVersion, 'retention'>,
  retentionClass: RetentionClass | undefined,
  recordedAt: Date | string,
): RecordingRetention {
  const applied = retentionClass ?? DEFAULT_RETENTION_CLASS;
  const { value, origin } = version.retention.recordings[applied];
  const start = typeof recordedAt === 'string' ? Date.parse(recordedAt) : recordedAt.getTime();
  if (!Number.isFinite(start)) throw new RangeError('recordedAt is not an instant');
  return {
    retentionClass: applied,
    retentionDays: value,
    retentionOrigin: origin,
    deleteAfter: new Date(start + value * DAY_MS).toISOString(),
  };
}
