import { useMemo } from 'preact/hooks';
import { type Lang, useI18n } from './i18n.js';

/** Numbers, shares, dates and durations written the way the reader's language writes them. */
export interface Format {
  readonly lang: Lang;
  integer(value: number): string;
  /** A share in [0, 1] as a percentage with one decimal; a dash when there is none. */
  percent(value: number | null | undefined): string;
  seconds(value: number | null | undefined): string;
  /** A calendar date (`YYYY-MM-DD`) as written in the language. */
  date(value: string | null | undefined): string;
  /** An instant, in the given time zone (the tenant's), to the minute. */
  dateTime(value: string | null | undefined, timeZone?: string): string;
  /** A month (`YYYY-MM`) in words. */
  month(value: string): string;
}

const DASH = '—';

export function formatFor(lang: Lang): Format {
  const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const dateTimes = new Map<string, Intl.DateTimeFormat>();
  const dateTime = (timeZone: string) => {
    let format = dateTimes.get(timeZone);
    if (format === undefined) {
      format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
      dateTimes.set(timeZone, format);
    }
    return format;
  };
  return {
    lang,
    integer: (value) => integer.format(value),
    percent: (value) => (value === null || value === undefined ? DASH : percent.format(value)),
    seconds: (value) => (value === null || value === undefined ? DASH : `${decimal.format(value)} s`),
    date: (value) => (value ? date.format(new Date(`${value.slice(0, 10)}T00:00:00Z`)) : DASH),
    dateTime: (value, timeZone = 'UTC') => (value ? dateTime(timeZone).format(new Date(value)) : DASH),
    month: (value) => month.format(new Date(`${value}-01T00:00:00Z`)),
  };
}

export function useFormat(): Format {
  const { lang } = useI18n();
  return useMemo(() => formatFor(lang), [lang]);
}
