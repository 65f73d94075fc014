/**
 * The reports routes (functions/reports) against DynamoDB Local, the S3 stand-in and the SES stand-in: the list
 * newest month first with a cursor, one report with links that download the archived files (addresses shown to
 * compliance officers only), a POST for a month that exists answering 200 with nothing sent, a month not ended 422,
 * an unknown month 404, and POST refused to a client manager. Tenant isolation is the isolation test's.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from '../../../events/envelope.js';
import { startLocalEventBus } from '../../../infra/local/event-bus/index.js';
import { monthlyReports } from '../../../shared/compose/monthly-reports.js';
import { localDate } from '../../../shared/domain/calendar/zoned-time.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { answer, apiEvent, lambdaContext } from '../kpis/support/api-event.js';
import { freshBucket, testS3 } from '../recordings/support/deletion-fixtures.js';
import { fakeRenderer, mailsTo, recordingPublisher, reportingTenant } from '../reports/support.js';

const config = useStandInEnvironment();
process.env.REPORTS_BUCKET = await freshBucket(testS3());
const announced: EventBridgeEvent[] = [];
const bus = await startLocalEventBus({
  port: 0,
  busName: 'ccc-compliance',
  deadLetterFile: join(mkdtempSync(join(tmpdir(), 'ccc-reports-')), 'dead-letters.jsonl'),
  targets: [
    {
      ruleName: 'ReportPublishedToTest',
      targetName: 'test',
      eventPattern: { source: ['ccc.compliance'], 'detail-type': ['report.published'] },
      invoke: async (event) => void announced.push(event),
    },
  ],
});
process.env.EVENTS_ENDPOINT = bus.url;
afterAll(() => bus.close());
const { handler } = await import('../../../functions/reports/handler.js');

const LIST = '/v1/tenants/{tenantId}/reports';
const ONE = '/v1/tenants/{tenantId}/reports/{month}';
const officer = { actor: 'officer-1', actorRole: 'compliance-officer' };
const email = `officer.${crypto.randomUUID().slice(0, 8)}@example.com`;
let tenantId = '';

async function call(
  method: 'GET' | 'POST',
  route: string,
  options: { month?: string; query?: Record<string, string>; body?: unknown; groups?: string } = {},
) {
  const event = apiEvent({
    method,
    route,
    tenantId,
    ...(options.query ? { query: options.query } : {}),
    ...(options.body === undefined ? {} : { body: options.body }),
    ...(options.groups ? { groups: options.groups } : {}),
  });
  const { month } = options;
  const withMonth: APIGatewayProxyEventV2WithJWTAuthorizer =
    month === undefined
      ? event
      : {
          ...event,
          rawPath: event.rawPath.replace('{month}', month),
          pathParameters: { ...event.pathParameters, month },
        };
  return answer(await handler(withMonth, lambdaContext), withMonth);
}

beforeAll(async () => {
  tenantId = await reportingTenant(config, 'reports-api', [{ email }]);
  const reports = monthlyReports(testDocumentClient(), config, {
    renderer: fakeRenderer,
    publisher: recordingPublisher(),
  });
  for (const month of ['2026-09', '2026-10'])
    await reports.produce(tenantId, month, { ...officer, now: new Date('2026-11-02T06:00:00Z') });
});

describe('reports routes', () => {
  it('lists the reports newest month first, a page at a time', async () => {
    const first = await call('GET', LIST, { query: { limit: '1' }, groups: '[client-manager]' });
    expect(first.status).toBe(200);
    expect((first.body.reports as { month: string }[]).map((r) => r.month)).toEqual(['2026-10']);
    expect(first.body.reports).toEqual([expect.objectContaining({ recipients: 1, delivered: 1, failed: 0 })]);
    const next = await call('GET', LIST, { query: { limit: '1', cursor: first.body.nextCursor as string } });
    expect((next.body.reports as { month: string }[]).map((r) => r.month)).toEqual(['2026-09']);
    expect(next.body.nextCursor).toBeUndefined();
  });

  it('gives one report with links that download its files, addresses to compliance officers only', async () => {
    const asManager = await call('GET', ONE, { month: '2026-10', groups: '[client-manager]' });
    expect(asManager.status).toBe(200);
    expect(asManager.headers['cache-control']).toBe('no-store');
    const deliveries = asManager.body.deliveries as Record<string, unknown>[];
    expect(deliveries).toEqual([expect.objectContaining({ status: 'delivered', language: 'fr' })]);
    expect(JSON.stringify(asManager.body)).not.toContain(email);
    const files = asManager.body.files as { path: string; sha256: string }[];
    const links = asManager.body.links as { path: string; url: string }[];
    expect(links.map((l) => l.path)).toEqual(expect.arrayContaining(['report.pdf', 'report.html', 'kpis-monthly.csv']));
    for (const link of links) {
      const bytes = new Uint8Array(await (await fetch(link.url)).arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(files.find((f) => f.path === link.path)?.sha256);
    }
    const asOfficer = await call('GET', ONE, { month: '2026-10' });
    expect((asOfficer.body.deliveries as { email?: string }[])[0]?.email).toBe(email);
    expect((await call('GET', ONE, { month: '2026-08' })).status).toBe(404);
  });

  it('produces a month on POST (201) with the real renderer: the PDF, the charts inline, the CSVs', async () => {
    const started = Date.now();
    const made = await call('POST', ONE, { month: '2026-08', body: {} });
    expect(made.status).toBe(201);
    expect(Number(made.headers['ledger-sequence'])).toBeGreaterThan(0);
    console.info(`POST 2026-08 with the real renderer: ${Date.now() - started} ms`);
    const paths = (made.body.files as { path: string }[]).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['report.pdf', 'report.html', 'message.eml']));
    expect(paths.some((p) => p.endsWith('.png'))).toBe(true);
    expect(paths.some((p) => p.endsWith('.csv'))).toBe(true);
    const [mail] = (await mailsTo(email)).filter((m) => m.subject.includes('août') || m.subject.includes('08'));
    expect(mail?.attachments.some((a) => a.contentType === 'application/pdf')).toBe(true);
    expect(mail?.attachments.some((a) => a.contentType === 'image/png' && a.contentId !== undefined)).toBe(true);
    expect(announced.map((e) => [e['detail-type'], (e.detail as { month: string }).month])).toEqual([
      ['report.published', '2026-08'],
    ]);
  });

  it('answers a POST for a month already sent with 200 and sends nothing', async () => {
    const again = await call('POST', ONE, { month: '2026-10', body: {} });
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await mailsTo(email)).toHaveLength(3);
  });

  it('refuses a month not ended (422), a malformed month (400) and a client manager (403)', async () => {
    const thisMonth = localDate(new Date(), 'Europe/Paris').slice(0, 7);
    expect((await call('POST', ONE, { month: thisMonth, body: {} })).status).toBe(422);
    expect((await call('POST', ONE, { month: '2026-13', body: {} })).status).toBe(400);
    expect((await call('POST', ONE, { month: '2026-10', body: {}, groups: '[client-manager]' })).status).toBe(403);
  });
});
