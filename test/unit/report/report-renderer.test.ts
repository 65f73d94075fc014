import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportHtml, reportText } from '../../../shared/adapters/report-html.js';
import { reportPdf } from '../../../shared/adapters/report-pdf.js';
import { VegaReportRenderer } from '../../../shared/adapters/report-renderer.js';
import type { RenderedReport } from '../../../shared/app/monthly-reports.js';
import { reportCsvFiles } from '../../../shared/domain/report/report-csv.js';
import { reportDocument } from '../../../shared/domain/report/report-document.js';
import { REPORT_WORDING } from '../../../shared/domain/report/report-wording.js';
import { monthlyReportFigures } from '../../fixtures/report/monthly-report-figures.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width, height and colour type from the IHDR chunk; the length and distinct byte values of the image data. */
function decodePng(png: Uint8Array) {
  const bytes = Buffer.from(png);
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  return {
    signature: [...bytes.subarray(0, 8)],
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
    colourType: bytes[25],
    ...((data) => ({ dataLength: data.length, values: new Set(data).size }))(inflateSync(Buffer.concat(idat))),
  };
}

/** The pages of a PDF as grey images (pdftoppm, poppler-utils), each with its share of non-white pixels. */
function inkPerPage(pdf: Uint8Array): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
  try {
    writeFileSync(join(dir, 'report.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', '30', '-gray', join(dir, 'report.pdf'), join(dir, 'page')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.pgm'))
      .sort()
      .map((f) => {
        const image = readFileSync(join(dir, f));
        // P5 header: magic, width, height, maximum value, each followed by whitespace; then one byte per pixel.
        const header = image.toString('latin1', 0, 40).match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/);
        const pixels = image.subarray(header![0].length);
        return pixels.filter((p) => p < 200).length / pixels.length;
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('VegaReportRenderer', () => {
  let fr: RenderedReport;
  // English through the document and the HTML alone: drawing its charts again would only repeat the French ones.
  const enDocument = reportDocument(monthlyReportFigures({ language: 'en' }));
  const enSizes = new Map(
    ['service-level', 'abandonment-rate', 'contacts'].map((id) => [id, { cid: id, width: 640, height: 300 }]),
  );
  const en = { subject: enDocument.subject, html: reportHtml(enDocument, enSizes), text: reportText(enDocument) };

  beforeAll(async () => {
    const renderer = new VegaReportRenderer();
    fr = await renderer.render(monthlyReportFigures());
  }, 30_000);

  it('draws the three daily charts as PNG images 640 px wide, not blank', () => {
    expect(fr.charts.map((c) => c.filename)).toEqual(['service-level.png', 'abandonment-rate.png', 'contacts.png']);
    for (const chart of fr.charts) {
      const png = decodePng(chart.png);
      expect(png.signature).toEqual(PNG_SIGNATURE);
      expect(png.width).toBe(640);
      expect(png.height).toBeGreaterThan(200);
      // Opaque RGB (colour type 2): a filter byte and three bytes a pixel on each row.
      expect(png.colourType).toBe(2);
      expect(png.dataLength).toBe(png.height * (png.width * 3 + 1));
      // A blank image inflates to two or three byte values (the filter byte, white, no change).
      expect(png.values).toBeGreaterThan(20);
      expect(chart.alt).toMatch(/^Niveau de service|^Taux d'abandon|^Contacts/);
    }
  });

  it("references exactly the charts' content ids, with their size and alt text", () => {
    const srcs = [...fr.html.matchAll(/<img src="cid:([^"]+)" width="(\d+)" height="(\d+)" alt="([^"]+)"/g)];
    expect(srcs.map((m) => m[1])).toEqual(fr.charts.map((c) => c.cid));
    expect(srcs.every((m) => m[2] === '640' && Number(m[3]) > 200 && m[4]!.length > 40)).toBe(true);
  });

  it('is a self-contained e-mail: the language, no script, no stylesheet, no remote resource, text escaped', () => {
    expect(fr.html).toMatch(/^<!DOCTYPE html><html lang="fr">/);
    expect(fr.html).not.toMatch(/<script|<style|<link|src="http|url\(/i);
    expect(fr.html).toContain('&quot;renfort&quot;');
    expect(en.html).toMatch(/<html lang="en">/);
    const hostile = monthlyReportFigures();
    hostile.nonconformities.open[0]!.description = '<img src=x onerror="alert(1)"> & co';
    const html = reportHtml(reportDocument(hostile), enSizes);
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co');
    expect(html).not.toContain('<img src=x');
    // Gmail cuts a message whose HTML passes 102 KB; the fixture's month of figures stays well under it.
    expect(Buffer.byteLength(fr.html)).toBeLessThan(70_000);
  });

  it('shows the figures formatted for the language, in the HTML and the plain text', () => {
    expect(fr.subject).toBe('Rapport mensuel de surveillance — novembre 2026 — acme-fr');
    expect(fr.html).toContain('80,5\u00a0%');
    expect(fr.html).toContain('10\u202f482');
    expect(fr.text).toContain('Reçues\u00a0: 14');
    expect(fr.text).toContain('Niveau de service | 80,5\u00a0% | ≥ 80\u00a0% | À surveiller');
    expect(en.subject).toBe('Monthly surveillance report — November 2026 — acme-fr');
    expect(en.html).toContain('80.5%');
    expect(en.html).toContain('10,482');
    expect(en.text).toContain('Service level | 80.5% | ≥ 80% | At risk');
  });

  it('makes a PDF of several A4 pages, each with content', () => {
    const pdf = Buffer.from(fr.pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
    const ink = inkPerPage(fr.pdf);
    expect(ink).toHaveLength(pages.length);
    for (const share of ink) expect(share).toBeGreaterThan(0.005);
  });

  it('makes the same PDF bytes from the same figures, so its hash identifies the report', async () => {
    const figures = monthlyReportFigures();
    const charts = new Map(
      fr.charts.map((c) => [c.filename.replace('.png', ''), { png: c.png, ...decodePng(c.png) }] as const),
    );
    const again = await reportPdf(reportDocument(figures), charts, {
      generatedAt: new Date(figures.generatedAt),
      page: REPORT_WORDING.fr.page,
    });
    expect(Buffer.from(again).equals(Buffer.from(fr.pdf))).toBe(true);
  });

  it('attaches one CSV file per table of the figures', () => {
    expect(fr.csv).toEqual(reportCsvFiles(monthlyReportFigures()));
    expect(fr.csv).toHaveLength(13);
  });
});
