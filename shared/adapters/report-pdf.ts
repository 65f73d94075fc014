/**
 * The report document as an A4 PDF with pdfkit: DejaVu Sans embedded (accents and any name print), a header with the
 * tenant, the month, the generation time and the ledger's state, then the same sections, tables and chart images as
 * the e-mail, and "page n of N" on every page. The metadata hold the generation time as both dates, so two renderings
 * of the same figures differ only where pdfkit puts its own identifiers.
 */
import PDFDocument from 'pdfkit';
import type {
  Block,
  Cell,
  ChartBlock,
  FactsBlock,
  ParagraphBlock,
  ReportSection,
  TableBlock,
  Tone,
} from '../domain/report/report-blocks.js';
import type { ReportDocument } from '../domain/report/report-document.js';
import { reportAssetPath } from './report-assets.js';

/** A chart's PNG and its pixel size, keyed by chart id. */
export type ChartPngs = ReadonlyMap<string, { png: Uint8Array; width: number; height: number }>;

export interface PdfOptions {
  generatedAt: Date;
  page(page: number, pages: number): string;
}

const MARGIN = 48;
// Fonts named by their paths, not registered under other names: pdfkit caches a font under the name it was first
// opened by, and a table cell restores the document's font by its path, so any other name reparses the font for
// every cell (most of a report's time, measured).
const TONE_COLOURS: Readonly<Record<Tone, string>> = {
  good: '#1e6b34',
  warning: '#8a5300',
  bad: '#b01c1c',
  neutral: '#444444',
};
const HEAD_COLOUR = '#1f3b5c';

const sans = () => reportAssetPath('sans');
const bold = () => reportAssetPath('sansBold');

type Doc = PDFKit.PDFDocument;

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** Starts a new page when fewer than `height` points remain on this one. */
function keepSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function caption(doc: Doc, text: string): void {
  keepSpace(doc, 60);
  doc.moveDown(0.6).font(bold()).fontSize(10.5).fillColor('#222222').text(text, MARGIN).moveDown(0.3);
}

function cellOptions(cell: Cell, numeric: boolean | undefined) {
  return {
    text: cell.text,
    align: { x: numeric ? ('right' as const) : ('left' as const), y: 'top' as const },
    ...(cell.tone ? { textColor: TONE_COLOURS[cell.tone], font: { src: bold() } } : {}),
  };
}

const TABLE_FONT_SIZE = 8.5;
/** Left and right cell padding, and a point to spare. */
const CELL_PADDING = 9;

/**
 * Column widths that keep every word whole (no column narrower than its longest word) and share the rest of the page
 * in proportion to how much more each column's longest text needs, so a long requirement gets the room.
 */
function columnWidths(doc: Doc, block: TableBlock, width: number): number[] {
  const measure = (text: string, font: string) => doc.font(font).fontSize(TABLE_FONT_SIZE).widthOfString(text);
  const columns = block.columns.map((column, i) => {
    const texts = [
      { text: column.label, font: bold() },
      ...block.rows.map((row) => ({ text: row[i]?.text ?? '', font: row[i]?.tone ? bold() : sans() })),
    ];
    const word = Math.max(...texts.flatMap((t) => t.text.split(/\s+/).map((w) => measure(w, t.font))));
    const whole = Math.max(...texts.map((t) => measure(t.text, t.font)));
    const min = word + CELL_PADDING;
    return { min, full: Math.max(min, Math.min(whole + CELL_PADDING, width / 2)) };
  });
  const sum = (values: number[]) => values.reduce((total, v) => total + v, 0);
  const mins = sum(columns.map((c) => c.min));
  const fulls = sum(columns.map((c) => c.full));
  if (fulls <= width || mins >= width) {
    const basis = fulls <= width ? 'full' : 'min';
    const total = basis === 'full' ? fulls : mins;
    return columns.map((c) => (c[basis] * width) / total);
  }
  return columns.map((c) => c.min + ((c.full - c.min) * (width - mins)) / (fulls - mins));
}

function table(doc: Doc, block: TableBlock): void {
  caption(doc, block.caption);
  if (block.rows.length === 0) {
    doc.font(sans()).fontSize(9).fillColor('#555555').text(block.empty, MARGIN);
    return;
  }
  const header = block.columns.map((c) => ({
    text: c.label,
    type: 'TH' as const,
    font: { src: bold() },
    backgroundColor: '#eef2f7',
    align: { x: c.numeric ? ('right' as const) : ('left' as const) },
  }));
  const rows = block.rows.map((row) => row.map((cell, i) => cellOptions(cell, block.columns[i]?.numeric)));
  const widths = columnWidths(doc, block, contentWidth(doc));
  doc.font(sans()).fontSize(TABLE_FONT_SIZE).fillColor('#222222');
  doc.table({
    position: { x: MARGIN },
    maxWidth: contentWidth(doc),
    columnStyles: widths,
    defaultStyle: { border: { bottom: 0.5 }, borderColor: '#c9d3df', padding: [3, 4, 3, 4] },
    data: [header, ...rows],
  });
}

function facts(doc: Doc, block: FactsBlock): void {
  if (block.caption) caption(doc, block.caption);
  for (const fact of block.facts) {
    keepSpace(doc, 16);
    const y = doc.y;
    doc.font(sans()).fontSize(9.5).fillColor('#444444').text(fact.label, MARGIN, y, { width: 250 });
    const labelBottom = doc.y;
    doc
      .font(bold())
      .fillColor(fact.value.tone ? TONE_COLOURS[fact.value.tone] : '#222222')
      .text(fact.value.text, MARGIN + 260, y, { width: contentWidth(doc) - 260 });
    doc.y = Math.max(doc.y, labelBottom) + 2;
  }
}

function paragraph(doc: Doc, b: ParagraphBlock): void {
  keepSpace(doc, 20);
  doc
    .font(b.tone === 'bad' ? bold() : sans())
    .fontSize(10)
    .fillColor(b.tone ? TONE_COLOURS[b.tone] : '#222222')
    .text(b.text, MARGIN)
    .moveDown(0.3);
}

function chart(doc: Doc, b: ChartBlock, charts: ChartPngs): void {
  const image = charts.get(b.chart.id);
  if (!image) throw new Error(`No image for chart ${b.chart.id}`);
  const width = contentWidth(doc);
  const height = chartHeight(doc, image);
  // The image carries its title.
  doc.moveDown(0.6);
  keepSpace(doc, height);
  doc.image(Buffer.from(image.png), MARGIN, doc.y, { width });
  doc.y += height + 4;
  if (b.chart.note) doc.font(sans()).fontSize(8).fillColor('#555555').text(b.chart.note, MARGIN).moveDown(0.3);
}

function block(doc: Doc, b: Block, charts: ChartPngs): void {
  if (b.kind === 'table') table(doc, b);
  else if (b.kind === 'facts') facts(doc, b);
  else if (b.kind === 'paragraph') paragraph(doc, b);
  else chart(doc, b, charts);
}

/** The height of a chart drawn across the page. */
function chartHeight(doc: Doc, image: { width: number; height: number }): number {
  return (image.height * contentWidth(doc)) / image.width;
}

/** Room for a heading and the start of what follows it, so that no heading ends a page alone. */
function headingRoom(doc: Doc, first: Block | undefined, charts: ChartPngs): number {
  const image = first?.kind === 'chart' ? charts.get(first.chart.id) : undefined;
  return image ? chartHeight(doc, image) + 60 : 120;
}

function section(doc: Doc, s: ReportSection, charts: ChartPngs): void {
  keepSpace(doc, headingRoom(doc, s.blocks[0], charts));
  doc.moveDown(1).font(bold()).fontSize(14).fillColor(HEAD_COLOUR).text(s.heading, MARGIN);
  const y = doc.y + 2;
  doc
    .moveTo(MARGIN, y)
    .lineTo(MARGIN + contentWidth(doc), y)
    .lineWidth(1.5)
    .strokeColor('#1f5fa8')
    .stroke();
  doc.y = y + 6;
  for (const b of s.blocks) block(doc, b, charts);
}

/** "page n of N" at the foot of every page, written once the number of pages is known. */
function numberPages(doc: Doc, label: PdfOptions['page']): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(sans())
      .fontSize(8)
      .fillColor('#666666')
      .text(label(i + 1, count), MARGIN, doc.page.height - 30, {
        width: contentWidth(doc),
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}

export async function reportPdf(document: ReportDocument, charts: ChartPngs, options: PdfOptions): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    // The default would be Helvetica, which has no glyph for some names; DejaVu Sans has them.
    font: sans(),
    lang: document.language,
    displayTitle: true,
    info: {
      Title: document.subject,
      Subject: document.title,
      Author: 'ccc-compliance',
      Creator: 'ccc-compliance',
      Producer: 'ccc-compliance (pdfkit)',
      CreationDate: options.generatedAt,
      ModDate: options.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.rect(0, 0, doc.page.width, 84).fill(HEAD_COLOUR);
  doc.font(bold()).fontSize(20).fillColor('#ffffff').text(document.title, MARGIN, 22);
  doc.font(sans()).fontSize(13).text(document.month, MARGIN);
  doc.y = 104;
  facts(doc, document.header);
  for (const s of document.sections) section(doc, s, charts);
  doc.moveDown(2).font(sans()).fontSize(8).fillColor('#666666').text(document.footer, MARGIN);
  numberPages(doc, options.page);
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}
