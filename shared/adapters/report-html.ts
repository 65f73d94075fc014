/**
 * The report document (shared/domain/report/report-document.ts) as the e-mail's HTML and its plain-text alternative.
 * The HTML is what mail clients render reliably: nested tables for layout, inline styles only, no script, no
 * stylesheet, no external resource, the charts as `cid:` images with their size and alt text, and every status
 * written in words beside its colour, so the message reads the same with images blocked or without colour.
 */
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

/** The size a chart is shown at; mail clients need it before the image arrives. */
export interface ChartSize {
  cid: string;
  width: number;
  height: number;
}

const WIDTH = 680;
const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const TONE_STYLES: Readonly<Record<Tone, string>> = {
  good: 'color:#1e6b34;background:#e3f4e8;',
  warning: 'color:#7a4b00;background:#fff1d6;',
  bad: 'color:#9b1c1c;background:#fde2e2;',
  neutral: 'color:#444444;background:#f0f0f0;',
};
const TONE_MARKS: Readonly<Record<Tone, string>> = { good: '✔', warning: '▲', bad: '✖', neutral: '–' };

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function cellContent(cell: Cell): string {
  const text = escapeHtml(cell.text);
  if (!cell.tone) return text;
  return `<span style="${TONE_STYLES[cell.tone]}padding:1px 6px;border-radius:3px;white-space:nowrap;">${TONE_MARKS[cell.tone]} ${text}</span>`;
}

/** The `align` attribute every client honours; left is the default. */
function align(numeric: boolean | undefined): string {
  return numeric ? ' align="right"' : '';
}

function caption(text: string): string {
  return `<p style="${FONT}font-size:14px;font-weight:bold;color:#222222;margin:16px 0 6px 0;">${escapeHtml(text)}</p>`;
}

function table(block: TableBlock): string {
  if (block.rows.length === 0)
    return `${caption(block.caption)}<p style="${FONT}font-size:13px;color:#555555;margin:0 0 8px 0;">${escapeHtml(block.empty)}</p>`;
  const th = block.columns
    .map(
      (c) =>
        `<th scope="col"${align(c.numeric) || ' align="left"'} style="${FONT}font-size:12px;color:#333;background:#eef2f7;padding:6px 8px;border-bottom:1px solid #c9d3df;">${escapeHtml(c.label)}</th>`,
    )
    .join('');
  const rows = block.rows
    .map(
      (row) =>
        `<tr>${row
          .map(
            (cell, i) =>
              `<td${align(block.columns[i]?.numeric)} valign="top" style="padding:5px 8px;border-bottom:1px solid #e3e7ec;">${cellContent(cell)}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('');
  // The cells' font is the table's: set once here, it keeps a month of controls under the ~100 KB at which some
  // webmail clients cut a message.
  return `${caption(block.caption)}<table role="table" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:100%;${FONT}font-size:13px;color:#222;"><thead><tr>${th}</tr></thead><tbody>${rows}</tbody></table>`;
}

function facts(block: FactsBlock): string {
  const rows = block.facts
    .map(
      (f) =>
        `<tr><th scope="row" style="${FONT}text-align:left;font-weight:normal;font-size:13px;color:#444444;padding:4px 12px 4px 0;vertical-align:top;">${escapeHtml(f.label)}</th><td${align(f.value.numeric)} style="${FONT}font-size:13px;color:#222;padding:4px 0;font-weight:bold;">${cellContent(f.value)}</td></tr>`,
    )
    .join('');
  return `${block.caption ? caption(block.caption) : ''}<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">${rows}</table>`;
}

function paragraph(block: ParagraphBlock): string {
  const style = block.tone ? `${TONE_STYLES[block.tone]}padding:6px 10px;` : '';
  const mark = block.tone ? `${TONE_MARKS[block.tone]} ` : '';
  return `<p style="${FONT}font-size:14px;margin:6px 0;${style}">${mark}${escapeHtml(block.text)}</p>`;
}

function note(block: ChartBlock): string {
  return block.chart.note
    ? `<p style="${FONT}font-size:12px;color:#555555;margin:4px 0 0 0;">${escapeHtml(block.chart.note)}</p>`
    : '';
}

function chart(block: ChartBlock, sizes: ReadonlyMap<string, ChartSize>): string {
  const size = sizes.get(block.chart.id);
  if (!size) throw new Error(`No image for chart ${block.chart.id}`);
  // The image carries its title; its alt text says what it shows when images are blocked.
  return `<div style="height:12px;line-height:12px;">&nbsp;</div><img src="cid:${escapeHtml(size.cid)}" width="${size.width}" height="${size.height}" alt="${escapeHtml(block.chart.alt)}" style="display:block;width:100%;max-width:${size.width}px;height:auto;border:0;${FONT}font-size:13px;color:#333333;">${note(block)}`;
}

function block(b: Block, sizes: ReadonlyMap<string, ChartSize>): string {
  switch (b.kind) {
    case 'table':
      return table(b);
    case 'facts':
      return facts(b);
    case 'paragraph':
      return paragraph(b);
    case 'chart':
      return chart(b, sizes);
  }
}

function section(s: ReportSection, sizes: ReadonlyMap<string, ChartSize>): string {
  const heading = `<h2 style="${FONT}font-size:18px;color:#1f3b5c;margin:24px 0 8px 0;padding-bottom:4px;border-bottom:2px solid #1f5fa8;">${escapeHtml(s.heading)}</h2>`;
  return `<tr><td style="padding:0 24px;">${heading}${s.blocks.map((b) => block(b, sizes)).join('')}</td></tr>`;
}

/** The e-mail's HTML; `charts` gives each chart's content id and pixel size, keyed by chart id. */
export function reportHtml(document: ReportDocument, charts: ReadonlyMap<string, ChartSize>): string {
  const title = escapeHtml(document.title);
  const top = `<tr><td style="background:#1f3b5c;padding:20px 24px;"><h1 style="${FONT}font-size:22px;color:#ffffff;margin:0;">${title}</h1><p style="${FONT}font-size:16px;color:#ffffff;margin:4px 0 0 0;">${escapeHtml(document.month)}</p></td></tr><tr><td style="padding:12px 24px 0 24px;">${facts(document.header)}</td></tr>`;
  const footer = `<tr><td style="padding:24px;${FONT}font-size:12px;color:#666666;">${escapeHtml(document.footer)}</td></tr>`;
  const body = document.sections.map((s) => section(s, charts)).join('');
  return `<!DOCTYPE html><html lang="${document.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(document.subject)}</title></head><body style="margin:0;padding:0;background:#f4f6f8;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f6f8;"><tr><td align="center" style="padding:16px 8px;"><table role="presentation" width="${WIDTH}" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:${WIDTH}px;background:#ffffff;border-collapse:collapse;">${top}${body}${footer}</table></td></tr></table></body></html>`;
}

function textCell(cell: Cell): string {
  return cell.text || '—';
}

function textBlock(b: Block, colon: string): string[] {
  switch (b.kind) {
    case 'paragraph':
      return [b.text];
    case 'facts':
      return [...(b.caption ? [b.caption] : []), ...b.facts.map((f) => `  ${f.label}${colon}${textCell(f.value)}`)];
    case 'chart':
      return [b.chart.alt];
    case 'table':
      if (b.rows.length === 0) return [b.caption, `  ${b.empty}`];
      return [
        b.caption,
        `  ${b.columns.map((c) => c.label).join(' | ')}`,
        ...b.rows.map((row) => `  - ${row.map(textCell).join(' | ')}`),
      ];
  }
}

/** The plain-text alternative: the same document, one line per fact or table row. */
export function reportText(document: ReportDocument): string {
  // French typography puts a (non-breaking) space before a colon.
  const colon = document.language === 'fr' ? '\u00a0: ' : ': ';
  const lines = [`${document.title} — ${document.month}`, '', ...textBlock(document.header, colon)];
  for (const s of document.sections) {
    lines.push('', s.heading.toUpperCase(), ...s.blocks.flatMap((b) => ['', ...textBlock(b, colon)]));
  }
  lines.push('', document.footer, '');
  return lines.join('\n');
}
