/// <reference lib="dom" />
/**
 * Issue 14 item 5, the dashboard checked in a real browser: Debian's Chromium driven by playwright-core against
 * `npm start` with its demo, signing in through the local stand-in of the Cognito hosted UI (code + PKCE).
 * - the officer's overview shows both demo tenants, each cell the state the API gives;
 * - a client manager of one tenant reaches the other neither by the page nor by editing the address, and the API
 *   refuses it the same token; the page speaks the agreement's language;
 * - the KPIs on screen are the API's for the same month, and the charts draw;
 * - every view a role may open shows data, with no Content-Security-Policy violation and no serious accessibility
 *   fault (axe-core, WCAG 2.1 A and AA rules);
 * - the time to first render of the overview is measured and written to .bench/dashboard-render.json, not asserted.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianPrograms } from '../support/debian-packages.js';
import { allocateEnvironment, type RunningSystem, startSystem } from './support/running-system.js';

const TENANTS = ['acme-energy', 'northwind-telecom'];
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let system: RunningSystem;
let browser: Browser;
const violations: string[] = [];

/** The demo's month: the one before this one, in Paris (acme-energy's zone). */
function demoMonth(now = new Date()): string {
  const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' })
    .format(now)
    .slice(0, 7);
  const [y, m] = local.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
}

/** Signs in as a person would: the page's button, the sign-in page's role and tenants, back to the dashboard. */
async function signIn(role: string, tenants: string[], options: { bypassCSP?: boolean; width?: number } = {}) {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    bypassCSP: options.bypassCSP ?? false,
    locale: 'en-GB',
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
  await page.goto(`${system.urls.api}/app/`);
  await page.getByRole('button', { name: /sign in|se connecter/i }).click();
  await page.waitForURL(/\/local-auth\/oauth2\/authorize/);
  await page.locator(`#role-${role}`).check();
  for (const tenant of tenants) await page.locator(`#tenant-${tenant}`).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/app/') && url.pathname !== '/app/callback');
  return { context, page };
}

/** The ID token the page holds (oidc-client-ts keeps it in sessionStorage), to call the API as the page does. */
async function tokenOf(page: Page): Promise<string> {
  return page.evaluate(() => {
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i) ?? '';
      if (key.startsWith('oidc.user:')) return JSON.parse(sessionStorage.getItem(key) ?? '{}').id_token as string;
    }
    return '';
  });
}

// biome-ignore lint/suspicious/noExplicitAny: tests read the JSON answers they assert on
async function api(token: string, path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${system.urls.api}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: response.status === 200 ? await response.json() : undefined };
}

/** axe-core's serious and critical findings for the WCAG 2.1 A and AA rules, on the page as it is now. */
async function accessibilityFaults(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page just above.
    const result = await (window as any).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations
      .filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v: { id: string; nodes: { target: string[] }[] }) =>
          `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
  });
}

beforeAll(async () => {
  const programs = ensureDebianPrograms(['chromium']);
  system = await startSystem(await allocateEnvironment(), []);
  // The demo loads after "Ready in"; the monthly reports are the last thing it prints.
  const deadline = Date.now() + 420_000;
  while (!/Monthly reports \(GET/.test(system.output())) {
    if (Date.now() > deadline) throw new Error(`the demo did not load:\n${system.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  await new Promise((resolve) => setTimeout(resolve, 3000));
  browser = await chromium.launch({ executablePath: programs.chromium, args: CHROMIUM_ARGS });
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

describe('The dashboard in a browser (npm start with its demo)', () => {
  let officer: { context: BrowserContext; page: Page };
  beforeAll(async () => {
    officer = await signIn('compliance-officer', TENANTS);
  });
  afterAll(() => officer.context.close());

  it("shows the officer every demo tenant's controls as the API states them, and measures the first render", async () => {
    const { page } = officer;
    const started = Date.now();
    await page.goto(`${system.urls.api}/app/`);
    const matrix = page.getByTestId('control-matrix');
    await matrix.waitFor();
    const firstRenderMs = Date.now() - started;
    const navigation = await page.evaluate(() => {
      const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      return { domContentLoadedMs: Math.round(entry?.domContentLoadedEventEnd ?? 0) };
    });
    mkdirSync('.bench', { recursive: true });
    writeFileSync(
      '.bench/dashboard-render.json',
      `${JSON.stringify({ measuredAt: new Date().toISOString(), overviewFirstRenderMs: firstRenderMs, ...navigation }, null, 2)}\n`,
    );
    console.log(
      `dashboard: overview rendered in ${firstRenderMs} ms (DOMContentLoaded ${navigation.domContentLoadedMs} ms)`,
    );

    const token = await tokenOf(page);
    for (const tenantId of TENANTS) {
      expect(await matrix.locator('thead th', { hasText: tenantId }).count()).toBe(1);
      const { body } = await api(token, `/v1/tenants/${tenantId}/controls`);
      const states = body.controls as { controlId: string; status: string }[];
      expect(states.length).toBeGreaterThan(10);
      for (const { controlId, status } of states) {
        const cell = matrix.locator(`td[data-tenant="${tenantId}"][data-control="${controlId}"] [data-status]`);
        expect(await cell.getAttribute('data-status'), `${tenantId} ${controlId}`).toBe(status);
      }
    }
    // The demo breaches controls of both tenants: the overview says which.
    for (const tenantId of TENANTS)
      expect(
        await page.getByTestId(`attention-${tenantId}`).getByTestId('breached-since-yesterday').locator('li').count(),
      ).toBeGreaterThan(0);
    await page.screenshot({ path: '.bench/dashboard-overview.png', fullPage: true });
  });

  it("opens every view the officer may see, each with the tenant's data", async () => {
    const { page } = officer;
    const views: Record<string, string> = {
      kpis: 'kpi-table-voice',
      controls: 'controls-table',
      complaints: 'complaints-table',
      agents: 'agents-table',
      nonconformities: 'nonconformities-table',
      readiness: 'readiness-table',
      reports: 'reports-table',
      ledger: 'ledger-entries',
    };
    for (const [view, testId] of Object.entries(views)) {
      await page.goto(`${system.urls.api}/app/tenants/acme-energy/${view}`);
      const main = page.getByTestId(testId);
      await main.first().waitFor({ timeout: 30_000 });
      expect(await page.locator('[role="alert"]').count(), view).toBe(0);
      if (testId.endsWith('-table')) expect(await main.locator('tbody tr').count(), view).toBeGreaterThan(0);
    }
    expect(Number((await page.getByTestId('ledger-entries').textContent())?.replace(/\D/g, ''))).toBeGreaterThan(0);
  });

  it('has no serious accessibility fault on the overview and the KPIs, and fits a phone', async () => {
    const { context, page } = await signIn('compliance-officer', TENANTS, { bypassCSP: true, width: 390 });
    try {
      await page.goto(`${system.urls.api}/app/`);
      await page.getByTestId('control-matrix').waitFor();
      expect(await accessibilityFaults(page)).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.goto(`${system.urls.api}/app/tenants/northwind-telecom/kpis`);
      await page.getByTestId('kpi-table-voice').waitFor();
      expect(await accessibilityFaults(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe("A client manager sees only its own tenant, in its agreement's language", () => {
  let manager: { context: BrowserContext; page: Page };
  beforeAll(async () => {
    manager = await signIn('client-manager', ['acme-energy']);
  });
  afterAll(() => manager.context.close());

  it('lands on its tenant, in French (acme-energy’s agreement), with no view its role may not read', async () => {
    const { page } = manager;
    await page.waitForURL(/\/app\/tenants\/acme-energy\/kpis/);
    await page.getByTestId('kpi-table-voice').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    const tabs = await page.locator('.tenant-nav a').allTextContents();
    expect(tabs).toContain('Indicateurs');
    expect(tabs).not.toContain('Compétences');
    expect(tabs).not.toContain('Dossier de preuves');
    expect(await page.locator('select option', { hasText: 'northwind-telecom' }).count()).toBe(0);
  });

  it("shows the API's KPIs for the same month, and the charts draw", async () => {
    const { page } = manager;
    const month = demoMonth();
    await page.goto(`${system.urls.api}/app/tenants/acme-energy/kpis?month=${month}`);
    await page.getByTestId('kpi-table-voice').waitFor();
    const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
    const { body } = await api(
      await tokenOf(page),
      `/v1/tenants/acme-energy/kpis?from=${month}-01&to=${month}-${last}&granularity=total`,
    );
    const series = body.series as Record<string, number | string | null>[];
    const shown = series.filter((entry) => (entry.offered as number) > 0);
    expect(shown.length).toBeGreaterThan(0);
    const percent = new Intl.NumberFormat('fr-FR', {
      style: 'percent',
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
    for (const entry of shown) {
      const table = page.getByTestId(`kpi-table-${entry.channel}`);
      for (const kpi of ['offered', 'handled', 'serviceLevel', 'abandonmentRate']) {
        const cell = table.locator(`td[data-kpi="${kpi}"]`);
        const value = entry[kpi];
        expect(await cell.getAttribute('data-value'), `${entry.channel} ${kpi}`).toBe(
          value === null ? '' : String(value),
        );
        if (kpi === 'serviceLevel' && typeof value === 'number')
          expect((await cell.textContent())?.replace(/\s/g, '')).toBe(percent.format(value).replace(/\s/g, ''));
      }
    }
    for (const chart of ['daily-chart', 'intraday-chart']) {
      const host = page.getByTestId(chart);
      await expect.poll(() => host.getAttribute('data-rendered'), { timeout: 20_000 }).toBe('true');
      const inked = await host
        .locator('canvas')
        .first()
        .evaluate((canvas: HTMLCanvasElement) => {
          const context = canvas.getContext('2d');
          if (context === null) return 0;
          const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
          let count = 0;
          for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) count++;
          return count;
        });
      expect(inked, chart).toBeGreaterThan(1000);
    }
  });

  it('cannot reach the other tenant by editing the address, and the API refuses its token there too', async () => {
    const { page } = manager;
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    for (const view of ['kpis', 'controls', 'complaints', 'reports']) {
      await page.goto(`${system.urls.api}/app/tenants/northwind-telecom/${view}`);
      await page.getByTestId('no-access').waitFor();
    }
    expect(requested.filter((url) => url.includes('/v1/tenants/northwind-telecom'))).toEqual([]);
    const token = await tokenOf(page);
    for (const path of ['kpis?from=2026-01-01&to=2026-01-31', 'controls', 'complaints', 'reports'])
      expect((await api(token, `/v1/tenants/northwind-telecom/${path}`)).status, path).toBe(404);

    await page.goto(`${system.urls.api}/app/tenants/acme-energy/agents`);
    await page.getByTestId('forbidden').waitFor();
    expect((await api(token, '/v1/tenants/acme-energy/agents')).status).toBe(403);
  });
});

describe('The auditor and the DPO', () => {
  it('gives the auditor a downloadable evidence pack', async () => {
    const { context, page } = await signIn('auditor', TENANTS);
    try {
      await page.goto(`${system.urls.api}/app/tenants/acme-energy/evidence`);
      await page.getByTestId('evidence-form').locator('button[type="submit"]').click();
      const link = page.getByTestId('evidence-download');
      await link.waitFor({ timeout: 60_000 });
      const zip = Buffer.from(await (await fetch((await link.getAttribute('href')) ?? '')).arrayBuffer());
      expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
    } finally {
      await context.close();
    }
  });

  it('shows the DPO the erasure requests and recording accesses, and no KPIs', async () => {
    const { context, page } = await signIn('dpo', TENANTS);
    try {
      await page.goto(`${system.urls.api}/app/tenants/acme-energy/privacy`);
      await page.getByTestId('recording-lookup').waitFor();
      // The demo has a recording reviewer listen to one acme-energy recording (infra/local/start.ts).
      const accesses = page.getByTestId('recording-accesses-table').locator('tbody tr');
      await accesses.first().waitFor();
      expect(await accesses.count()).toBeGreaterThan(0);
      expect(await page.locator('[role="alert"]').count()).toBe(0);
      const tabs = await page.locator('.tenant-nav a').allTextContents();
      expect(tabs).toEqual(expect.arrayContaining(['Data protection', 'Evidence ledger']));
      expect(tabs).not.toContain('KPIs');
    } finally {
      await context.close();
    }
  });

  it('met the Content-Security-Policy on every page', () => {
    expect(violations).toEqual([]);
  });
});
