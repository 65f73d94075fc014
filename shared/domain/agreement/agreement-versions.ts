/**
 * Which agreement version governs a day or an instant, and what a version says about one KPI. A version governs
 * from its `effectiveFrom` (a tenant-local date) until the next version's; of two versions effective from the same
 * date the later one wins, so a same-day PUT corrects a mistake. Before the first version, the default does.
 */
import type { Channel } from '../../../events/telephony.js';
import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { localDate } from '../calendar/zoned-time.js';
import { type Direction, KPI_UNITS, type KpiName } from '../kpi/kpi-names.js';
import { RetroactiveTimeZoneChangeError } from './agreement-errors.js';
import { type AgreementInput, type AgreementVersion, WEEKDAYS } from './agreement-schema.js';
import { DEFAULT_AGREEMENT_TERMS, defaultAgreementVersion } from './default-agreement.js';
import type { Origin } from './defaults.js';

export { RetroactiveTimeZoneChangeError };

/** Oldest first: by `effectiveFrom`, then by version number. */
export function sortVersions(versions: readonly AgreementVersion[]): AgreementVersion[] {
  return [...versions].sort(
    (a, b) => (a.effectiveFrom ?? '').localeCompare(b.effectiveFrom ?? '') || a.version - b.version,
  );
}

/** The version in force on a tenant-local date; `versions` are the stored ones (any order). */
export function versionInForceOn(tenantId: string, versions: readonly AgreementVersion[], date: string) {
  const sorted = sortVersions(versions);
  for (let i = sorted.length - 1; i >= 0; i--) {
    const v = sorted[i] as AgreementVersion;
    if (v.effectiveFrom !== null && v.effectiveFrom <= date) return v;
  }
  return defaultAgreementVersion(tenantId);
}

/**
 * The version in force at an instant. Each candidate is asked in its own time zone whether that instant is on or
 * after its first day, so a version moving the tenant to another zone starts at that zone's midnight.
 */
export function versionInForceAt(tenantId: string, versions: readonly AgreementVersion[], instant: Date | string) {
  const sorted = sortVersions(versions);
  for (let i = sorted.length - 1; i >= 0; i--) {
    const v = sorted[i] as AgreementVersion;
    if (v.effectiveFrom !== null && v.effectiveFrom <= localDate(instant, v.timeZone.value)) return v;
  }
  return defaultAgreementVersion(tenantId);
}

/** The bookkeeping of a new version, decided by the repository and the caller. */
export interface VersionStamp {
  tenantId: string;
  version: number;
  recordedAt: string;
  recordedBy: string;
}

/** A new version from a PUT body: sections left out take the default agreement's. */
export function buildVersion(input: AgreementInput, stamp: VersionStamp): AgreementVersion {
  const { effectiveFrom, origin, reference, thresholds, ...sections } = input;
  const defined = Object.fromEntries(Object.entries(sections).filter(([, value]) => value !== undefined));
  return {
    ...stamp,
    effectiveFrom,
    origin,
    ...(reference === undefined ? {} : { reference }),
    ...DEFAULT_AGREEMENT_TERMS,
    ...defined,
    thresholds: { ...DEFAULT_AGREEMENT_TERMS.thresholds, ...thresholds },
  };
}

/**
 * Refuses a version that would change the time zone of a day already begun (`today` is tenant-local): contacts of
 * those days are already counted on the days of the old zone. Targets and thresholds may be changed retroactively;
 * they are applied when KPIs are read.
 */
export function assertNoRetroactiveTimeZoneChange(
  tenantId: string,
  stored: readonly AgreementVersion[],
  candidate: AgreementVersion,
  today: string,
): void {
  const from = candidate.effectiveFrom;
  if (from === null || from > today) return;
  const governing = [
    versionInForceOn(tenantId, stored, from),
    ...stored.filter((v) => v.effectiveFrom !== null && v.effectiveFrom > from && v.effectiveFrom <= today),
  ];
  const changed = governing.find((v) => v.timeZone.value !== candidate.timeZone.value);
  if (changed !== undefined) {
    throw new RetroactiveTimeZoneChangeError(
      `the time zone cannot change before today (${today}): days from ${from} are counted in ${changed.timeZone.value}`,
    );
  }
}

/** A KPI's target as it applies, with the margin resolved. */
export interface ResolvedTarget {
  target: number;
  direction: Direction;
  warningMargin: number;
  origin: Origin;
  /** Present when the target is the queue's own rather than its channel's. */
  queue?: string;
}

/**
 * The target of one KPI on a channel, and optionally a queue: a queue's own target wins when KPIs are filtered by
 * that queue, otherwise the channel's. A target without a margin takes the version's default margin for its unit.
 */
export function resolveTarget(
  version: AgreementVersion,
  kpi: KpiName,
  channel: Channel,
  queue?: string,
): ResolvedTarget | undefined {
  const candidates = version.kpiTargets.filter((t) => t.kpi === kpi && t.channel === channel);
  const chosen =
    (queue === undefined ? undefined : candidates.find((t) => t.queue === queue)) ??
    candidates.find((t) => t.queue === undefined);
  if (chosen === undefined) return undefined;
  return {
    target: chosen.target.value,
    direction: chosen.direction,
    warningMargin: chosen.warningMargin?.value ?? version.warningMargins[KPI_UNITS[kpi]].value,
    origin: chosen.target.origin,
    ...(chosen.queue === undefined ? {} : { queue: chosen.queue }),
  };
}

/** Channels that have at least one target in a version (for the queue, when given). */
export function channelsWithTargets(version: AgreementVersion, queue?: string): Set<Channel> {
  return new Set(
    version.kpiTargets.filter((t) => t.queue === undefined || t.queue === queue).map((t) => t.channel as Channel),
  );
}

/** The business calendar a version defines, in the shape the calendar functions take. */
export function businessCalendarOf(version: AgreementVersion): BusinessCalendar {
  const hours = version.businessCalendar.openingHours.value;
  return {
    openingHours: WEEKDAYS.map((day) => hours[day]),
    publicHolidays: version.businessCalendar.publicHolidays.value,
    region: version.businessCalendar.region?.value,
    closures: version.businessCalendar.closures.map((c) => c.date),
  };
}
