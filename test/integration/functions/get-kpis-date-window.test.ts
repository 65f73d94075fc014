import { describe, expect, it } from 'vitest';
import { useStandInEnvironment } from '../../support/stand-ins.js';
import { callApi } from '../kpis/support/api-event.js';

useStandInEnvironment();
const { handler } = await import('../../../functions/get-kpis/handler.js');
const { getKpiIntervalsRoute, getKpisRoute } = await import('../../../functions/get-kpis/route.js');
const { buildOpenApiDocument } = await import('../../../shared/http/openapi.js');

const tenantId = `kpi-window-${crypto.randomUUID().slice(0, 8)}`;
const KPIS = '/v1/tenants/{tenantId}/kpis';
const INTERVALS = '/v1/tenants/{tenantId}/kpis/intervals';

const get = async (route: string, query: Record<string, string>) =>
  await callApi(handler, { method: 'GET', route, tenantId, query });

describe('Function: get-kpis, date window', () => {
  it.each([
    ['far future', { from: '9999-12-01', to: '9999-12-31' }],
    ['far past', { from: '0001-01-01', to: '0001-01-31' }],
    ['ending past the window', { from: '2099-12-01', to: '2100-01-31' }],
  ])('answers 400 problem+json, not 500, for a range in the %s', async (_label, query) => {
    const res = await get(KPIS, query);

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const errors = res.body.errors as Array<{ in: string; path: string; message: string }>;
    expect(errors.some((e) => e.message === 'must lie between 2000-01-01 and 2099-12-31')).toBe(true);
  });

  it('answers 400 for an intraday view outside the window', async () => {
    const res = await get(INTERVALS, { date: '9999-12-31' });

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('still answers the edges of the window', async () => {
    expect((await get(KPIS, { from: '2099-01-01', to: '2099-12-31', granularity: 'month' })).status).toBe(200);
    expect((await get(INTERVALS, { date: '2000-01-01' })).status).toBe(200);
  });

  it('states the window in the OpenAPI document', () => {
    const document = JSON.stringify(buildOpenApiDocument([getKpisRoute, getKpiIntervalsRoute], { version: 'test' }));

    expect(document).toContain('First tenant-local day, included, between 2000-01-01 and 2099-12-31');
    expect(document).toContain('The tenant-local day, between 2000-01-01 and 2099-12-31');
  });
});
