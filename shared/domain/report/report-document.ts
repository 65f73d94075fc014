/**
 * The monthly report as a document: sections of facts, tables, sentences and charts, in the report's language, with
 * every number taken from the figures (report-figures.ts) and only formatted here, or counted from their lists. The
 * HTML e-mail, its plain-text alternative and the PDF all present this one document, so they cannot say different
 * things; the charts' data travel in it too (report-blocks.ts, filled by report-chart-model.ts).
 */
import type { FactsBlock, ReportSection, SectionContext } from './report-blocks.js';
import type { MonthlyReportFigures, ReportLanguage } from './report-figures.js';
import { reportFormat } from './report-format.js';
import { kpiSections } from './report-kpi-sections.js';
import { qualitySections } from './report-quality-sections.js';
import { REPORT_WORDING } from './report-wording.js';

export interface ReportDocument {
  language: ReportLanguage;
  title: string;
  /** The month reported on, in words (`novembre 2026`). */
  month: string;
  subject: string;
  /** Tenant, period, time zone, generation time and the ledger's state: the title page's header. */
  header: FactsBlock;
  sections: ReportSection[];
  footer: string;
}

function header({ figures, words, format }: SectionContext): FactsBlock {
  const { ledger } = figures;
  return {
    kind: 'facts',
    facts: [
      { label: words.header.tenant, value: { text: figures.tenantId } },
      { label: words.header.period, value: { text: words.period(format.date(figures.from), format.date(figures.to)) } },
      { label: words.header.timeZone, value: { text: figures.timeZone } },
      { label: words.header.generatedAt, value: { text: format.dateTime(figures.generatedAt) } },
      {
        label: words.header.ledger,
        value: ledger.valid
          ? { text: words.ledger.verified(format.integer(ledger.entries)), tone: 'good' }
          : {
              text: words.ledger.broken(format.integer(ledger.entries), format.integer(ledger.firstBrokenAt ?? 0)),
              tone: 'bad',
            },
      },
    ],
  };
}

/** The three sentences a reader needs first: the controls by state, the targets missed, the open nonconformities. */
function summary({ figures, words }: SectionContext): ReportSection {
  const states = figures.controls.states;
  const countOf = (status: string) => states.filter((c) => c.status === status).length;
  const missed = figures.kpis.monthly.series.reduce(
    (count, entry) => count + Object.values(entry.status).filter((s) => s === 'missed').length,
    0,
  );
  const open = figures.nonconformities.open;
  const breached = countOf('breached');
  return {
    id: 'summary',
    heading: words.sections.summary,
    blocks: [
      {
        kind: 'paragraph',
        text: words.summary.controls(countOf('compliant'), countOf('at-risk'), breached, countOf('no-data')),
        tone: breached > 0 ? 'bad' : 'good',
      },
      { kind: 'paragraph', text: words.summary.kpisMissed(missed), tone: missed > 0 ? 'bad' : 'good' },
      {
        kind: 'paragraph',
        text: words.summary.nonconformities(open.length, open.filter((nc) => nc.overdue).length),
        tone: open.length > 0 ? 'warning' : 'good',
      },
    ],
  };
}

export function reportDocument(figures: MonthlyReportFigures): ReportDocument {
  const words = REPORT_WORDING[figures.language];
  const format = reportFormat(figures.language, figures.timeZone);
  const context: SectionContext = { figures, words, format };
  return {
    language: figures.language,
    title: words.title,
    month: format.month(figures.month),
    subject: words.subject(format.month(figures.month), figures.tenantId),
    header: header(context),
    sections: [summary(context), ...kpiSections(context), ...qualitySections(context)],
    footer: words.footer,
  };
}
