/**
 * The pieces a report section is made of (facts, tables, sentences, charts) and what the section builders share.
 * Renderers (HTML, plain text, PDF) know these and nothing of the figures.
 */
import type { MonthlyReportFigures } from './report-figures.js';
import type { ReportFormat } from './report-format.js';
import type { ReportWording } from './report-wording.js';

/** What a colour marks; the text beside it always says the same, so colour is never the only sign. */
export type Tone = 'good' | 'warning' | 'bad' | 'neutral';

export interface Cell {
  text: string;
  tone?: Tone;
  /** Right-aligned, as figures are. */
  numeric?: boolean;
}

export interface TableBlock {
  kind: 'table';
  caption: string;
  columns: { label: string; numeric?: boolean }[];
  rows: Cell[][];
  /** What stands in place of a table with no rows. */
  empty: string;
}

export interface FactsBlock {
  kind: 'facts';
  caption?: string;
  facts: { label: string; value: Cell }[];
}

export interface ParagraphBlock {
  kind: 'paragraph';
  text: string;
  tone?: Tone;
}

/** The data and words of one chart (filled by report-chart-model.ts, drawn by shared/adapters/report-charts.ts). */
export type ReportChartId = 'service-level' | 'abandonment-rate' | 'contacts';

export interface ChartPoint {
  /** Day of the month, 1–31. */
  day: number;
  /** The channel's label. */
  series: string;
  /** For bar charts, what is counted (offered or handled). */
  measure?: string;
  value: number | null;
}

export interface ReportChart {
  id: ReportChartId;
  /** `ratio`: lines of shares between 0 and 1 with target rules; `volume`: grouped bars of counts per channel. */
  kind: 'ratio' | 'volume';
  title: string;
  alt: string;
  labels: { day: string; series: string; value: string };
  /** Channel labels, in the order of the month's series. */
  series: string[];
  measures: string[];
  points: ChartPoint[];
  /** Says what the dashed rules are, when the chart has any. */
  note?: string;
  /** The month's target per channel, drawn as a rule. */
  targets: { series: string; value: number }[];
  /** Number formats of the report's language for the chart's axes. */
  locale: { decimal: string; thousands: string; percent: string };
}

export interface ChartBlock {
  kind: 'chart';
  chart: ReportChart;
}

export type Block = TableBlock | FactsBlock | ParagraphBlock | ChartBlock;

export interface ReportSection {
  id: string;
  heading: string;
  blocks: Block[];
}

/** What the section builders share: the figures, the words and the number formats of the report's language. */
export interface SectionContext {
  figures: MonthlyReportFigures;
  words: ReportWording;
  format: ReportFormat;
}

/** A fact whose value is a count, right-aligned like the figures of a table. */
export function countFact(label: string, value: number, format: ReportFormat) {
  return { label, value: { text: format.integer(value), numeric: true } };
}
