/**
 * The renderer port of the monthly reports (shared/app/monthly-reports.ts): one month's figures become the e-mail's
 * HTML with its PNG charts inline, the plain-text alternative, the PDF and the CSV files. All of them present the one
 * document built from the figures (shared/domain/report/report-document.ts), so the e-mail, the PDF and the files
 * cannot disagree; the charts are drawn once and used by both the e-mail and the PDF.
 */
import type { RenderedReport, ReportRenderer } from '../app/monthly-reports.js';
import type { ReportChart } from '../domain/report/report-blocks.js';
import { reportCsvFiles } from '../domain/report/report-csv.js';
import { type ReportDocument, reportDocument } from '../domain/report/report-document.js';
import type { MonthlyReportFigures } from '../domain/report/report-figures.js';
import { REPORT_WORDING } from '../domain/report/report-wording.js';
import { renderChart } from './report-charts.js';
import { type ChartSize, reportHtml, reportText } from './report-html.js';
import { reportPdf } from './report-pdf.js';

function chartsOf(document: ReportDocument): ReportChart[] {
  return document.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'chart' ? [b.chart] : [])));
}

export class VegaReportRenderer implements ReportRenderer {
  async render(figures: MonthlyReportFigures): Promise<RenderedReport> {
    const document = reportDocument(figures);
    const charts = [];
    // One chart at a time: each holds a Vega view and a resvg pixmap, and the Lambda has one vCPU to give them.
    for (const chart of chartsOf(document)) {
      const image = await renderChart(chart);
      charts.push({ cid: `${chart.id}@report`, filename: `${chart.id}.png`, alt: chart.alt, id: chart.id, ...image });
    }
    const sizes = new Map<string, ChartSize>(charts.map((c) => [c.id, c]));
    const pdf = await reportPdf(document, new Map(charts.map((c) => [c.id, c])), {
      generatedAt: new Date(figures.generatedAt),
      page: REPORT_WORDING[figures.language].page,
    });
    return {
      subject: document.subject,
      html: reportHtml(document, sizes),
      text: reportText(document),
      charts: charts.map(({ cid, filename, png, alt }) => ({ cid, filename, png, alt })),
      pdf,
      csv: reportCsvFiles(figures),
    };
  }
}
