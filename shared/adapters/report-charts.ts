/**
 * The report's charts as PNG images that mail clients show inline, drawn without a browser: a Vega-Lite spec per
 * chart (report-chart-model.ts holds its data and words), compiled to Vega, rendered to SVG by a headless Vega View
 * (`renderer: 'none'`, so no canvas), then rasterised by resvg's WebAssembly build (no native binary for the Lambda
 * architecture) with the DejaVu Sans fonts and no system fonts, so a chart looks the same on every machine.
 */
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ReportChart } from '../domain/report/report-blocks.js';
import { reportAsset } from './report-assets.js';
import { opaquePng } from './report-png.js';

/** Wide enough to read, narrow enough for the usual 600–700 px column of a mail client. */
export const CHART_WIDTH_PX = 640;
const FONT = 'DejaVu Sans';
const PALETTE = ['#1f5fa8', '#d9730d', '#2e8540', '#8e44ad', '#7f8c8d'];

export interface ChartImage {
  png: Uint8Array;
  width: number;
  height: number;
}

let wasmReady: Promise<void> | undefined;

/** resvg's WebAssembly module may be instantiated once per process. */
function ensureWasm(): Promise<void> {
  wasmReady ??= initWasm(reportAsset('resvgWasm'));
  return wasmReady;
}

function config(chart: ReportChart) {
  const { decimal, thousands, percent } = chart.locale;
  return {
    font: FONT,
    background: '#ffffff',
    view: { stroke: null },
    axis: { labelFontSize: 11, titleFontSize: 11, grid: true, gridColor: '#e6e6e6' },
    legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom' as const },
    title: { fontSize: 14, anchor: 'start' as const },
    locale: { number: { decimal, thousands, grouping: [3], currency: ['', ''] as [string, string], percent } },
  };
}

function color(chart: ReportChart) {
  return {
    field: 'series',
    type: 'nominal' as const,
    title: chart.labels.series,
    scale: { domain: chart.series, range: PALETTE },
  };
}

function dayAxis(chart: ReportChart) {
  return { field: 'day', type: 'ordinal' as const, title: chart.labels.day, axis: { labelAngle: 0 } };
}

/** Lines of a share per channel, and each channel's target as a dashed rule in the channel's colour. */
function ratioSpec(chart: ReportChart): TopLevelSpec {
  return {
    width: 520,
    height: 200,
    title: chart.title,
    config: config(chart),
    layer: [
      {
        data: { values: chart.points },
        mark: { type: 'line', point: { size: 18 }, strokeWidth: 2 },
        encoding: {
          x: dayAxis(chart),
          y: { field: 'value', type: 'quantitative', title: chart.labels.value, axis: { format: '.0%' } },
          color: color(chart),
        },
      },
      {
        data: { values: chart.targets },
        mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.5 },
        encoding: { y: { field: 'value', type: 'quantitative' }, color: color(chart) },
      },
    ],
  };
}

/** Offered and handled contacts per day as grouped bars, one row of bars per channel. */
function volumeSpec(chart: ReportChart): TopLevelSpec {
  const rowHeight = Math.max(70, Math.round(200 / Math.max(1, chart.series.length)));
  return {
    title: chart.title,
    config: config(chart),
    data: { values: chart.points },
    facet: { row: { field: 'series', type: 'nominal', title: null, sort: chart.series } },
    spec: {
      width: 520,
      height: rowHeight,
      mark: { type: 'bar' },
      encoding: {
        x: dayAxis(chart),
        xOffset: { field: 'measure', sort: chart.measures },
        y: { field: 'value', type: 'quantitative', title: chart.labels.value, axis: { format: ',d' } },
        color: {
          field: 'measure',
          type: 'nominal',
          title: null,
          scale: { domain: chart.measures, range: ['#9dbbe0', '#1f5fa8'] },
        },
      },
    },
  };
}

async function toSvg(spec: TopLevelSpec): Promise<string> {
  // Errors only: a warning such as an empty scale for a channel without data says nothing a reader needs.
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** One chart as a PNG `CHART_WIDTH_PX` wide on a white background. */
export async function renderChart(chart: ReportChart): Promise<ChartImage> {
  const [svg] = await Promise.all([toSvg(chart.kind === 'ratio' ? ratioSpec(chart) : volumeSpec(chart)), ensureWasm()]);
  const resvg = new Resvg(svg, {
    font: {
      fontBuffers: [reportAsset('sans'), reportAsset('sansBold')],
      defaultFontFamily: FONT,
      sansSerifFamily: FONT,
    },
    fitTo: { mode: 'width', value: CHART_WIDTH_PX },
    background: '#ffffff',
  });
  try {
    const image = resvg.render();
    try {
      return { png: opaquePng(image.pixels, image.width, image.height), width: image.width, height: image.height };
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}
