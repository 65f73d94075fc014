/**
 * Public holidays of a country and, optionally, one of its regions, from the `date-holidays` library: its rules are
 * computed (fixed dates, Easter-based ones, substitute days) rather than listed, so they never run out, and they
 * carry regional days such as Alsace-Moselle's Good Friday and 26 December. Only holidays of type `public` count:
 * observances (Mother's Day), bank-only, school and optional holidays do not close a centre. One-off closures an
 * agreement decides (a coronation, a site move) are its own `closures`.
 */
import Holidays from 'date-holidays';
import { addDays } from './calendar-date.js';

/**
 * What `GB` without a region meant before regions could be named: England and Wales, whose bank holidays are
 * England's (the library's `GB` alone is only the days common to the whole United Kingdom, without August's).
 */
const IMPLIED_REGION: Readonly<Record<string, string>> = { GB: 'ENG' };

/** The library's list of countries and regions, read once. */
const catalog = new Holidays();
const countries: Readonly<Record<string, string>> = catalog.getCountries('en');

/** True when `country` is an ISO 3166-1 alpha-2 code whose public holidays are known. */
export function isHolidayCountry(country: string): boolean {
  return Object.hasOwn(countries, country);
}

/** The regions of `country` that have holidays of their own, code to name (`57` → `Département Moselle` in FR). */
export function holidayRegions(country: string): Readonly<Record<string, string>> {
  return (isHolidayCountry(country) && catalog.getStates(country, 'en')) || {};
}

const calendars = new Map<string, Holidays>();
const years = new Map<string, ReadonlySet<string>>();

function calendarOf(country: string, region: string | undefined): Holidays {
  const key = `${country}|${region ?? ''}`;
  let calendar = calendars.get(key);
  if (calendar === undefined) {
    // The library quietly falls back to the country for a region it does not know: refuse instead.
    if (!isHolidayCountry(country)) throw new RangeError(`no public holidays known for country ${country}`);
    if (region !== undefined && !Object.hasOwn(holidayRegions(country), region)) {
      throw new RangeError(`no public holidays known for region ${region} of ${country}`);
    }
    calendar =
      region === undefined
        ? new Holidays(country, { types: ['public'] })
        : new Holidays(country, region, { types: ['public'] });
    calendars.set(key, calendar);
  }
  return calendar;
}

const DAY_MS = 86_400_000;

/**
 * The public holidays of `country` (and `region`, when given) in `year`, as local `YYYY-MM-DD` dates; a holiday on
 * a weekend and its substitute weekday are both in it.
 */
export function publicHolidays(country: string, year: number, region?: string): ReadonlySet<string> {
  const area = region ?? IMPLIED_REGION[country];
  const key = `${country}|${area ?? ''}|${year}`;
  let set = years.get(key);
  if (set === undefined) {
    const dates = new Set<string>();
    for (const holiday of calendarOf(country, area).getHolidays(year)) {
      if (holiday.type !== 'public') continue;
      // `date` is local; a holiday of several days spans start to end.
      const days = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS));
      for (let i = 0; i < days; i++) dates.add(addDays(holiday.date.slice(0, 10), i));
    }
    set = dates;
    years.set(key, set);
  }
  return set;
}

/** True when `date` (`YYYY-MM-DD`) is a public holiday in `country` (and `region`, when given). */
export function isPublicHoliday(date: string, country: string, region?: string): boolean {
  return publicHolidays(country, Number(date.slice(0, 4)), region).has(date);
}
