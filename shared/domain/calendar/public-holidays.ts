/**
 * Public holidays of the countries the product knows, computed (fixed dates and Easter-based ones) rather than
 * listed, so they never run out. One-off holidays (a coronation, a jubilee) are not here: an agreement lists them as
 * extra closures.
 */
import { addDays, dayOfWeek } from './calendar-date.js';

/** Countries whose public holidays are built in (ISO 3166-1 alpha-2). `GB` means England and Wales. */
export const HOLIDAY_COUNTRIES = ['FR', 'GB'] as const;
export type HolidayCountry = (typeof HOLIDAY_COUNTRIES)[number];

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher"). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

function franceHolidays(year: number): string[] {
  const easter = easterSunday(year);
  return [
    ymd(year, 1, 1),
    addDays(easter, 1), // lundi de Pâques
    ymd(year, 5, 1),
    ymd(year, 5, 8),
    addDays(easter, 39), // Ascension
    addDays(easter, 50), // lundi de Pentecôte
    ymd(year, 7, 14),
    ymd(year, 8, 15),
    ymd(year, 11, 1),
    ymd(year, 11, 11),
    ymd(year, 12, 25),
  ];
}

/** The first (n = 1) or last (n = -1) Monday of a month. */
function monday(year: number, month: number, n: 1 | -1): string {
  if (n === 1) {
    const first = ymd(year, month, 1);
    return addDays(first, (8 - dayOfWeek(first)) % 7);
  }
  const last = addDays(month === 12 ? ymd(year + 1, 1, 1) : ymd(year, month + 1, 1), -1);
  return addDays(last, -((dayOfWeek(last) + 6) % 7));
}

/** A fixed-date holiday that falls on a weekend is observed on the next weekday (England and Wales practice). */
function substitute(date: string): string {
  const dow = dayOfWeek(date);
  return dow === 6 ? addDays(date, 2) : dow === 0 ? addDays(date, 1) : date;
}

function englandHolidays(year: number): string[] {
  const easter = easterSunday(year);
  const christmas = ymd(year, 12, 25);
  const christmasDow = dayOfWeek(christmas);
  // When Christmas is on a weekend both substitutes follow, Christmas first.
  const [christmasObserved, boxingObserved] =
    christmasDow === 6
      ? [addDays(christmas, 2), addDays(christmas, 3)]
      : christmasDow === 0
        ? [addDays(christmas, 2), addDays(christmas, 1)]
        : christmasDow === 5
          ? [christmas, addDays(christmas, 3)]
          : [christmas, addDays(christmas, 1)];
  return [
    substitute(ymd(year, 1, 1)),
    addDays(easter, -2), // Good Friday
    addDays(easter, 1), // Easter Monday
    monday(year, 5, 1),
    monday(year, 5, -1),
    monday(year, 8, -1),
    christmasObserved,
    boxingObserved,
  ];
}

const cache = new Map<string, ReadonlySet<string>>();

/** The public holidays (observed dates) of a country in a year. */
export function publicHolidays(country: HolidayCountry, year: number): ReadonlySet<string> {
  const key = `${country}|${year}`;
  let set = cache.get(key);
  if (set === undefined) {
    set = new Set(country === 'FR' ? franceHolidays(year) : englandHolidays(year));
    cache.set(key, set);
  }
  return set;
}

/** True when `date` is a public holiday in `country`. */
export function isPublicHoliday(date: string, country: HolidayCountry): boolean {
  return publicHolidays(country, Number(date.slice(0, 4))).has(date);
}
