/**
 * The report's KPI sections: per channel, each indicator of `GET .../kpis?granularity=month` against its target with
 * the status the API gave it, the month's volumes, and the daily trend charts of `granularity=day`.
 */
import { KPI_NAMES, KPI_UNITS, type KpiName } from '../kpi/kpi-names.js';
import type { KpiSeriesEntry } from '../kpi/kpi-report-schema.js';
import type { Cell, ReportSection, SectionContext, TableBlock, Tone } from './report-blocks.js';
import { reportCharts } from './report-chart-model.js';
import type { KpiStatusName } from './report-wording.js';

const KPI_TONES: Readonly<Record<KpiStatusName, Tone>> = {
  met: 'good',
  'at-risk': 'warning',
  missed: 'bad',
  'no-target': 'neutral',
  'no-data': 'neutral',
};

function kpiValue({ format }: SectionContext, kpi: KpiName, value: number | null | undefined): string {
  return KPI_UNITS[kpi] === 'ratio' ? format.percent(value) : format.seconds(value);
}

function channelTable(context: SectionContext, entry: KpiSeriesEntry): TableBlock {
  const { words } = context;
  const rows = KPI_NAMES.map((kpi): Cell[] => {
    const target = entry.targets[kpi];
    const status = entry.status[kpi];
    return [
      { text: words.kpis[kpi] },
      { text: kpiValue(context, kpi, entry[kpi]), numeric: true },
      {
        text: target === undefined ? '' : words.target(target.direction, kpiValue(context, kpi, target.target)),
        numeric: true,
      },
      { text: words.kpiStatus[status], tone: KPI_TONES[status] },
    ];
  });
  return {
    kind: 'table',
    caption: words.kpiTable.caption(words.channels[entry.channel]),
    columns: [
      { label: words.kpiTable.indicator },
      { label: words.kpiTable.value, numeric: true },
      { label: words.kpiTable.target, numeric: true },
      { label: words.kpiTable.status },
    ],
    rows,
    empty: words.none,
  };
}

function volumes({ figures, words, format }: SectionContext): TableBlock {
  const v = words.volumes;
  const count = (value: number): Cell => ({ text: format.integer(value), numeric: true });
  return {
    kind: 'table',
    caption: v.caption,
    columns: [
      { label: v.channel },
      ...[v.offered, v.handled, v.abandoned, v.shortAbandoned, v.callbackRequested, v.outbound].map((label) => ({
        label,
        numeric: true,
      })),
    ],
    rows: figures.kpis.monthly.series.map((e) => [
      { text: words.channels[e.channel] },
      count(e.offered),
      count(e.handled),
      count(e.abandoned),
      count(e.shortAbandoned),
      count(e.callbackRequested),
      count(e.outbound),
    ]),
    empty: words.none,
  };
}

export function kpiSections(context: SectionContext): ReportSection[] {
  const { figures, words } = context;
  return [
    {
      id: 'kpis',
      heading: words.sections.kpis,
      blocks: [...figures.kpis.monthly.series.map((entry) => channelTable(context, entry)), volumes(context)],
    },
    {
      id: 'trend',
      heading: words.sections.trend,
      // Without a single day of figures there is no trend to draw.
      blocks:
        figures.kpis.daily.series.length === 0
          ? [{ kind: 'paragraph', text: words.none }]
          : reportCharts(context).map((chart) => ({ kind: 'chart', chart })),
    },
  ];
}
