/**
 * How the monthly report writes its numbers and dates for a reader of its language: `80,5 %`, `1 234` and
 * `1er novembre 2026` in French, `80.5%`, `1,234` and `1 November 2026` in English. Instants are shown on the tenant's
 * wall clock; calendar days (`yyyy-mm-dd`) are shown as they are, without a time zone shift.
 */
import type { ReportLanguage } from './report-figures.js';

/** The Intl locale of each report language (British English: the product's clients are European). */
export const REPORT_LOCALES: Readonly<Record<ReportLanguage, string>> = { fr: 'fr-FR', en: 'en-GB' };

/** What the report shows when a figure has no value (nothing to measure). */
export const NO_VALUE = '—';

export interface ReportFormat {
  /** A share between 0 and 1, with at most one decimal of a percent. */
  percent(ratio: number | null | undefined): string;
  integer(value: number): string;
  /** A number with at most `digits` decimals. */
  decimal(value: number | null | undefined, digits: number): string;
  /** A duration in whole seconds (`20 s`). */
  seconds(value: number | null | undefined): string;
  /** A calendar day `yyyy-mm-dd`. */
  date(day: string): string;
  /** An instant, on the tenant's wall clock, to the minute. */
  dateTime(instant: string): string;
  /** A month `yyyy-mm` (`novembre 2026`). */
  month(month: string): string;
  /** The separators and the percent sign (with its space in French), for the charts' axes. */
  separators: { decimal: string; thousands: string; percent: string };
}

function separatorsOf(locale: string): ReportFormat['separators'] {
  const part = (format: Intl.NumberFormat, value: number, types: string[]) =>
    format
      .formatToParts(value)
      .filter((p) => types.includes(p.type))
      .map((p) => p.value)
      .join('');
  return {
    decimal: part(new Intl.NumberFormat(locale), 1.5, ['decimal']),
    thousands: part(new Intl.NumberFormat(locale), 12345, ['group']),
    percent: part(new Intl.NumberFormat(locale, { style: 'percent' }), 0.5, ['literal', 'percentSign']),
  };
}

/** A calendar day as the UTC midnight Intl formats without moving it to another day. */
function utcDay(day: string): Date {
  return new Date(`${day.slice(0, 10)}T00:00:00Z`);
}

export function reportFormat(language: ReportLanguage, timeZone: string): ReportFormat {
  const locale = REPORT_LOCALES[language];
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimals = new Map<number, Intl.NumberFormat>();
  const decimal = (digits: number) => {
    const known = decimals.get(digits);
    if (known) return known;
    const made = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
    decimals.set(digits, made);
    return made;
  };
  const seconds = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'second',
    // `24 s` in French; British English's short form is `24 secs`, its narrow one `24s`.
    unitDisplay: language === 'fr' ? 'short' : 'narrow',
    maximumFractionDigits: 0,
  });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone });
  const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  // French writes the first day of a month as an ordinal (« 1er novembre »); Intl writes « 1 novembre ».
  const firstDay = (text: string) => (language === 'fr' ? text.replace(/^1 /, '1er ') : text);
  const present = (value: number | null | undefined, format: (n: number) => string) =>
    value === null || value === undefined ? NO_VALUE : format(value);
  return {
    percent: (ratio) => present(ratio, (n) => percent.format(n)),
    integer: (value) => integer.format(value),
    decimal: (value, digits) => present(value, (n) => decimal(digits).format(n)),
    seconds: (value) => present(value, (n) => seconds.format(n)),
    date: (day) => firstDay(date.format(utcDay(day))),
    dateTime: (instant) => firstDay(dateTime.format(new Date(instant))),
    month: (yyyyMm) => month.format(utcDay(`${yyyyMm}-01`)),
    separators: separatorsOf(locale),
  };
}
