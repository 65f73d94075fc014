/**
 * The data and words of the report's three daily charts (service level and abandonment rate per channel against
 * their targets, contacts offered and handled per day), taken from `GET .../kpis?granularity=day` and the month's
 * targets of `granularity=month`. Drawing them is the charts adapter's job (shared/adapters/report-charts.ts); the
 * alt text says in words what the chart shows, so the e-mail reads the same with images blocked.
 */

import type { KpiSeriesEntry } from '../kpi/kpi-report-schema.js';
import type { ReportChart, ReportChartId, SectionContext } from './report-blocks.js';

type RatioKpi = 'serviceLevel' | 'abandonmentRate';

function dayOf(entry: KpiSeriesEntry): number {
  return Number(entry.period.slice(8, 10));
}

function ratioChart(context: SectionContext, id: ReportChartId, kpi: RatioKpi, title: string): ReportChart {
  const { figures, words, format } = context;
  const channel = (entry: KpiSeriesEntry) => words.channels[entry.channel];
  const monthly = figures.kpis.monthly.series;
  const targets = monthly.flatMap((entry) => {
    const target = entry.targets[kpi];
    return target === undefined ? [] : [{ series: channel(entry), value: target.target }];
  });
  const perChannel = monthly
    .map((entry) => {
      const target = entry.targets[kpi];
      return words.charts.ratioAltChannel(
        channel(entry),
        format.percent(entry[kpi]),
        target === undefined ? undefined : words.target(target.direction, format.percent(target.target)),
      );
    })
    .join(' ; ');
  return {
    id,
    kind: 'ratio',
    title,
    alt: words.charts.ratioAlt(words.kpis[kpi], period(context), perChannel),
    labels: {
      day: words.charts.day,
      series: words.charts.channel,
      value: words.kpis[kpi],
    },
    series: monthly.map(channel),
    measures: [],
    points: figures.kpis.daily.series.map((entry) => ({
      day: dayOf(entry),
      series: channel(entry),
      value: entry[kpi],
    })),
    targets,
    ...(targets.length > 0 ? { note: words.charts.targetNote } : {}),
    locale: context.format.separators,
  };
}

function period({ figures, words, format }: SectionContext): string {
  return words.period(format.date(figures.from), format.date(figures.to));
}

function contactsChart(context: SectionContext): ReportChart {
  const { figures, words, format } = context;
  const channel = (entry: KpiSeriesEntry) => words.channels[entry.channel];
  const { offered, handled } = words.volumes;
  const perChannel = figures.kpis.monthly.series
    .map((e) => words.charts.contactsAltChannel(channel(e), format.integer(e.offered), format.integer(e.handled)))
    .join(' ; ');
  return {
    id: 'contacts',
    kind: 'volume',
    title: words.charts.contacts,
    alt: words.charts.contactsAlt(period(context), perChannel),
    labels: { day: words.charts.day, series: words.charts.channel, value: words.charts.measure },
    series: figures.kpis.monthly.series.map(channel),
    measures: [offered, handled],
    points: figures.kpis.daily.series.flatMap((entry) => [
      { day: dayOf(entry), series: channel(entry), measure: offered, value: entry.offered },
      { day: dayOf(entry), series: channel(entry), measure: handled, value: entry.handled },
    ]),
    targets: [],
    locale: context.format.separators,
  };
}

export function reportCharts(context: SectionContext): ReportChart[] {
  const { words } = context;
  return [
    ratioChart(context, 'service-level', 'serviceLevel', words.charts.serviceLevel),
    ratioChart(context, 'abandonment-rate', 'abandonmentRate', words.charts.abandonmentRate),
    contactsChart(context),
  ];
}
