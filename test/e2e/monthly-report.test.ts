/**
 * Issue 13 item 5, the monthly surveillance report checked as a person would, through `npm start`: a month of voice
 * and chat contacts, the report produced through the API, then
 * - the e-mail as the SES stand-in received it, opened in Debian's Chromium (driven by playwright-core) the way a
 *   mail client shows it (each `cid:` image taken from the message's own parts): every chart draws;
 * - the archived HTML downloaded through its link and opened: the charts draw and the service levels and volumes on the
 *   page are the ones `GET .../kpis` gives for the same month;
 * - the PDF turned into page images with pdftoppm: every page has ink;
 * - asking again sends nothing twice.
 * Chromium and poppler-utils are installed by the setup when missing (test/support/debian-packages.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportFormat } from '../../shared/domain/report/report-format.js';
import { type DebianProgram, ensureDebianPrograms } from '../support/debian-packages.js';
import { allocateEnvironment, fetchDocumented, type RunningSystem, startSystem } from './support/running-system.js';

const tenantId = `e2e-report-${crypto.randomUUID().slice(0, 8)}`;
const recipient = `client.${crypto.randomUUID().slice(0, 8)}@example.com`;

/** The tenant-local (Paris) month before this one, which has ended. */
function lastMonth(now = new Date()): string {
  const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' })
    .format(now)
    .slice(0, 7);
  const [y, m] = local.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
}
const month = lastMonth();

/** 60 contacts over five days of the month: voice and chat, most answered within 20 s, some abandoned. */
function contacts() {
  return Array.from({ length: 60 }, (_, i) => {
    const day = String(3 + (i % 5)).padStart(2, '0');
    const hour = String(9 + (i % 8)).padStart(2, '0');
    const start = `${month}-${day}T${hour}:${String(i % 60).padStart(2, '0')}:00+01:00`;
    const wait = [5, 12, 18, 25, 40, 70][i % 6]!;
    const at = (seconds: number) => new Date(Date.parse(start) + seconds * 1000).toISOString();
    const abandoned = i % 9 === 0;
    return {
      schemaVersion: 1,
      tenantId,
      centerId: 'lyon-1',
      channel: i % 3 === 0 ? 'chat' : 'voice',
      direction: 'inbound',
      queue: 'billing',
      contactId: `r${i}`,
      initiatedAt: at(0),
      ...(abandoned ? {} : { answeredAt: at(wait), talkSeconds: 200 }),
      endedAt: at(abandoned ? wait : wait + 200),
      outcome: abandoned ? 'abandoned' : 'handled',
      occurredAt: at(abandoned ? wait : wait + 200),
    };
  });
}

interface StoredMail {
  subject: string;
  destination: { to: string[] };
  body: { html?: string; text?: string };
  attachments: { filename?: string; contentType: string; cid?: string; content: string }[];
}

describe('npm start: the monthly surveillance report, read in a real browser and as PDF pages', () => {
  let system: RunningSystem;
  let environment: Awaited<ReturnType<typeof allocateEnvironment>>;
  let browser: Browser;
  let programs: Record<DebianProgram, string>;
  const tokens = new Map<string, string>();
  const token = (role: string) => {
    let t = tokens.get(role);
    if (t === undefined) {
      t = execFileSync('npm', ['run', '-s', 'token', '--', '--role', role, '--tenant', tenantId], {
        env: { ...process.env, LOCAL_DATA_DIR: environment.dataDir },
        encoding: 'utf8',
      }).trim();
      tokens.set(role, t);
    }
    return t;
  };
  const api = async (path: string, role: string, init: RequestInit = {}) => {
    const { status, body } = await fetchDocumented(`${system.urls.api}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token(role)}`, 'content-type': 'application/json', ...init.headers },
    });
    return { status, body };
  };
  const mails = async (): Promise<StoredMail[]> => {
    const { emails } = (await (await fetch(`${system.urls.ses}/store`)).json()) as { emails: StoredMail[] };
    return emails.filter((m) => m.destination.to.some((to) => to.includes(recipient)));
  };
  const monthKpis = () =>
    api(`/v1/tenants/${tenantId}/kpis?from=${month}-01&to=${month}-28&granularity=total`, 'client-manager');

  beforeAll(async () => {
    programs = ensureDebianPrograms(['chromium', 'pdftoppm']);
    environment = await allocateEnvironment();
    system = await startSystem(environment);
    browser = await chromium.launch({ executablePath: programs.chromium, args: ['--no-sandbox'] });

    // Prepare: the tenant's agreement names the recipient; a month of contacts goes through the bus.
    const put = await api(`/v1/tenants/${tenantId}/agreement`, 'admin', {
      method: 'PUT',
      body: JSON.stringify({
        effectiveFrom: `${month}-01`,
        reference: 'e2e report recipients',
        reportRecipients: [{ email: recipient, language: 'fr' }],
      }),
    });
    expect(put.status).toBe(201);
    const bus = new EventBridgeClient({
      endpoint: system.urls.events,
      region: 'eu-west-3',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const all = contacts();
    for (let i = 0; i < all.length; i += 10) {
      const out = await bus.send(
        new PutEventsCommand({
          Entries: all.slice(i, i + 10).map((c) => ({
            EventBusName: 'ccc-compliance',
            Source: 'ccc.telephony',
            DetailType: 'contact.completed',
            Detail: JSON.stringify(c),
          })),
        }),
      );
      expect(out.FailedEntryCount).toBe(0);
    }
    const deadline = Date.now() + 60_000;
    const offered = async () =>
      ((await monthKpis()).body?.series ?? []).reduce((n: number, s: { offered: number }) => n + s.offered, 0);
    while ((await offered()) < all.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop('SIGTERM');
  });

  it('produces the month through the API and sends it once to the recipient of the agreement', async () => {
    const made = await api(`/v1/tenants/${tenantId}/reports/${month}`, 'compliance-officer', {
      method: 'POST',
      body: '{}',
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ month, language: 'fr', recipients: 1, delivered: 1, failed: 0 });

    const [mail, ...more] = await mails();
    expect(more).toEqual([]);
    expect(mail!.subject).toContain(tenantId);
    const names = mail!.attachments.map((a) => a.filename);
    expect(names).toEqual(expect.arrayContaining(['report.pdf', 'kpis-monthly.csv', 'kpis-daily.csv']));

    const again = await api(`/v1/tenants/${tenantId}/reports/${month}`, 'compliance-officer', {
      method: 'POST',
      body: '{}',
    });
    expect(again.status).toBe(200);
    expect(await mails()).toHaveLength(1);
  });

  it('shows every chart of the e-mail in a browser, as a mail client resolves its inline images', async () => {
    const [mail] = await mails();
    const inline = mail!.attachments.filter((a) => a.cid !== undefined && a.contentType === 'image/png');
    let html = mail!.body.html ?? '';
    for (const image of inline) html = html.replaceAll(`cid:${image.cid}`, `data:image/png;base64,${image.content}`);
    const page = await browser.newPage({ viewport: { width: 800, height: 1200 } });
    await page.setContent(html, { waitUntil: 'load' });

    const images = await page.$$eval('img', (all) =>
      all.map((img) => ({ src: img.getAttribute('src') ?? '', width: img.naturalWidth, alt: img.alt })),
    );
    expect(images.length).toBeGreaterThanOrEqual(3);
    for (const image of images) {
      expect(image.src.startsWith('data:image/png')).toBe(true);
      expect(image.width).toBeGreaterThan(100);
      expect(image.alt).not.toBe('');
    }
    await page.close();
  });

  it('opens the archived page downloaded from its link, with the charts drawn and the figures of GET kpis', async () => {
    const report = await api(`/v1/tenants/${tenantId}/reports/${month}`, 'client-manager');
    expect(report.status).toBe(200);
    const link = report.body.links.find((l: { path: string }) => l.path === 'report.html');
    // The link downloads the page (Content-Disposition: attachment), which the person then opens.
    const download = await fetch(link.url);
    expect(download.status).toBe(200);
    const page = await browser.newPage({ viewport: { width: 800, height: 1200 } });
    await page.setContent(await download.text(), { waitUntil: 'load' });

    const widths = await page.$$eval('img', (all) => all.map((img) => img.naturalWidth));
    expect(widths.length).toBeGreaterThanOrEqual(3);
    for (const width of widths) expect(width).toBeGreaterThan(100);

    const days = await api(
      `/v1/tenants/${tenantId}/kpis?from=${month}-01&to=${lastDay(month)}&granularity=month`,
      'client-manager',
    );
    const format = reportFormat('fr', 'Europe/Paris');
    const serviceLevels = (await page.locator('tr', { hasText: 'Niveau de service' }).allInnerTexts()).join('\n');
    const volumes = (await page.locator('tr', { hasText: /^(Voix|Chat)/ }).allInnerTexts()).join('\n');
    const channels = days.body.series.filter((s: { offered: number }) => s.offered > 0);
    expect(channels.map((s: { channel: string }) => s.channel).sort()).toEqual(['chat', 'voice']);
    for (const s of channels) {
      expect(serviceLevels).toContain(format.percent(s.serviceLevel));
      expect(volumes).toContain(format.integer(s.offered));
      expect(volumes).toContain(format.integer(s.handled));
    }
    await page.close();
  });

  it('has a PDF whose every page, turned into an image by pdftoppm, carries content', async () => {
    const [mail] = await mails();
    const pdf = mail!.attachments.find((a) => a.filename === 'report.pdf')!;
    const dir = mkdtempSync(join(tmpdir(), 'ccc-report-pdf-'));
    writeFileSync(join(dir, 'report.pdf'), Buffer.from(pdf.content, 'base64'));
    execFileSync(programs.pdftoppm, ['-r', '30', '-gray', join(dir, 'report.pdf'), join(dir, 'page')]);

    const pages = readdirSync(dir).filter((f) => f.endsWith('.pgm'));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const file of pages) {
      const ink = darkShare(readFileSync(join(dir, file)));
      expect(ink, file).toBeGreaterThan(0.005);
    }
  });
});

/** The last calendar day of `yyyy-mm`. */
function lastDay(yyyymm: string): string {
  const [y, m] = yyyymm.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The share of pixels of a binary PGM (P5, 8-bit) darker than light grey. */
function darkShare(pgm: Buffer): number {
  // Header: "P5", width, height, maxval, each followed by whitespace; then one byte per pixel.
  const header = pgm
    .subarray(0, 64)
    .toString('latin1')
    .match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/);
  if (!header) throw new Error('not a binary PGM');
  const pixels = pgm.subarray(header[0].length);
  let dark = 0;
  for (const value of pixels) if (value < 200) dark++;
  return dark / pixels.length;
}
