/**
 * Wall-clock arithmetic in an IANA time zone with nothing but `Intl.DateTimeFormat` (no date library): the one
 * place that asks the platform's zone data, for the tenant-local days of the KPIs and the local scheduler alike.
 * A wall-clock time is handled as the epoch milliseconds it would have in UTC ("local ms"); the zone's offset at an
 * instant is the difference between its wall clock and UTC.
 */

/** A date and time on a wall clock, without a zone. Month is 1–12. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A time zone that is not an IANA name known to this runtime (a tenant's zone, `ScheduleExpressionTimezone`). */
export class InvalidTimeZoneError extends Error {
  override readonly name = 'InvalidTimeZoneError';

  constructor(readonly timeZone: string) {
    super(`Invalid time zone "${timeZone}": expected an IANA name such as Europe/Paris or UTC`);
  }
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's formatter, made once per zone; throws a RangeError for a zone the runtime does not know. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Checks that `timeZone` is an IANA zone name and returns its canonical spelling.
 * Offsets such as `+01:00` are refused: EventBridge Scheduler takes zone names only, and newer Node versions would
 * otherwise accept them silently.
 *
 * @throws InvalidTimeZoneError
 */
export function assertTimeZone(timeZone: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(timeZone)) throw new InvalidTimeZoneError(timeZone);
  try {
    return formatterFor(timeZone).resolvedOptions().timeZone;
  } catch {
    throw new InvalidTimeZoneError(timeZone);
  }
}

/** The wall clock of `timeZone` at `instantMs`. */
export function toLocal(instantMs: number, timeZone: string): LocalDateTime {
  const local: LocalDateTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type in local) local[part.type as keyof LocalDateTime] = Number(part.value);
  }
  return local;
}

/** The wall-clock time as "local ms" (the instant it would be in UTC). */
export function localMs(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
}

/** The offset of `timeZone` from UTC at `instantMs`, in minutes (`+60` for Paris in winter, `+120` in summer). */
export function offsetMinutesAt(instantMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return Math.round((localMs(toLocal(wholeSecond, timeZone)) - wholeSecond) / MINUTE_MS);
}

/**
 * Every instant at which `timeZone`'s wall clock shows `local`, earliest first: none in a spring-forward gap,
 * two in a fall-back overlap, one otherwise.
 */
export function instantsOfLocal(local: LocalDateTime, timeZone: string): number[] {
  const wall = localMs(local);
  // Offsets a day either side cover any single transition around this wall time.
  const offsets = new Set([-DAY_MS, 0, DAY_MS].map((shift) => offsetMinutesAt(wall + shift, timeZone)));
  const instants: number[] = [];
  for (const offset of offsets) {
    const candidate = wall - offset * MINUTE_MS;
    if (offsetMinutesAt(candidate, timeZone) === offset && !instants.includes(candidate)) instants.push(candidate);
  }
  return instants.sort((a, b) => a - b);
}

/**
 * The instant `timeZone`'s wall clock shows `local`, never none: in a fall-back overlap the first of the two; in a
 * spring-forward gap the time read with the offset in force before the change (03:30 for a 02:30 that never
 * happens, the moment of the jump for a midnight that is skipped), so a wall time is never silently lost.
 */
export function instantOfLocal(local: LocalDateTime, timeZone: string): number {
  const first = instantsOfLocal(local, timeZone)[0];
  if (first !== undefined) return first;
  const wall = localMs(local);
  return wall - offsetMinutesAt(wall - DAY_MS, timeZone) * MINUTE_MS;
}

/** `±hh:mm` for an offset in minutes. */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * An instant in ISO 8601 with the zone's offset at that instant, to the second: `2025-10-26T02:15:00+01:00`.
 * A caller that already knows the offset passes it, to spare the lookup.
 */
export function toOffsetIso(instantMs: number, timeZone: string, offsetMinutes?: number): string {
  const offset = offsetMinutes ?? offsetMinutesAt(instantMs, timeZone);
  const wall = new Date(Math.floor(instantMs / 1000) * 1000 + offset * MINUTE_MS);
  return `${wall.toISOString().slice(0, 19)}${formatOffset(offset)}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
