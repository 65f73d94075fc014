import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoContactRecorder } from '../../../shared/store/dynamo-contact-recorder.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { type apiEvent, callApi } from './support/api-event.js';
import { generateContacts } from './support/contact-generator.js';

const config = useStandInEnvironment();
const { handler } = await import('../../../functions/get-kpis/handler.js');

const tenantId = `kpi-${crypto.randomUUID().slice(0, 8)}`;
const KPIS = '/v1/tenants/{tenantId}/kpis';
const INTERVALS = '/v1/tenants/{tenantId}/kpis/intervals';

const call = async (query: Record<string, string>, extra: Partial<Parameters<typeof apiEvent>[0]> = {}) =>
  await callApi(handler, { method: 'GET', route: KPIS, tenantId, query, ...extra });

describe('Function: get-kpis', () => {
  beforeAll(async () => {
    const recorder = new DynamoContactRecorder(testDocumentClient(), config.tableName);
    const contacts = generateContacts({
      tenantId,
      count: 60,
      from: Date.parse('2026-11-02T07:00:00Z'),
      to: Date.parse('2026-11-03T17:00:00Z'),
      channels: ['voice', 'email'],
    });
    await Promise.all(contacts.map((c) => recorder.record(c)));
  });

  it('answers the series of docs/api.md with targets and status for every KPI', async () => {
    const res = await call({ from: '2026-11-01', to: '2026-11-30', granularity: 'month' });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tenantId,
      timeZone: 'Europe/Paris',
      from: '2026-11-01',
      to: '2026-11-30',
      granularity: 'month',
    });
    const series = res.body.series as Record<string, unknown>[];
    // voice and e-mail have contacts; chat and social have default targets
    expect(series.map((s) => s.channel)).toEqual(['voice', 'email', 'chat', 'social']);
    const voice = series[0] as Record<string, unknown>;
    for (const field of [
      'period',
      'channel',
      'offered',
      'handled',
      'abandoned',
      'shortAbandoned',
      'serviceLevel',
      'abandonmentRate',
      'averageSpeedOfAnswerSeconds',
      'averageHandleSeconds',
      'firstContactResolutionRate',
      'waitP90Seconds',
      'targets',
      'status',
    ]) {
      expect(voice, field).toHaveProperty(field);
    }
    expect(voice.period).toBe('2026-11');
    expect(voice).not.toHaveProperty('queue');
    expect(voice.targets).toMatchObject({
      serviceLevel: { target: 0.8, direction: 'min', origin: 'internal' },
      abandonmentRate: { target: 0.05, direction: 'max', origin: 'internal' },
    });
    expect(Object.keys(voice.status as object).sort()).toEqual([
      'abandonmentRate',
      'averageHandleSeconds',
      'averageSpeedOfAnswerSeconds',
      'firstContactResolutionRate',
      'repeatContactResolutionRate',
      'serviceLevel',
      'waitP90Seconds',
    ]);
    expect(voice.status).toMatchObject({ averageHandleSeconds: 'no-target', serviceLevel: expect.any(String) });
    expect(['met', 'at-risk', 'missed']).toContain((voice.status as { serviceLevel: string }).serviceLevel);
  });

  it('reports the queue when filtered by it, and one entry per day', async () => {
    const res = await call({ from: '2026-11-02', to: '2026-11-04', channel: 'voice', queue: 'billing' });
    expect(res.status).toBe(200);
    const series = res.body.series as Record<string, unknown>[];
    expect(series.map((s) => [s.period, s.channel, s.queue])).toEqual([
      ['2026-11-02', 'voice', 'billing'],
      ['2026-11-03', 'voice', 'billing'],
      ['2026-11-04', 'voice', 'billing'],
    ]);
    expect(series[2]).toMatchObject({ offered: 0, serviceLevel: null, abandonmentRate: null });
  });

  it.each([
    ['from after to', { from: '2026-11-05', to: '2026-11-01' }, 'to'],
    ['a range over 366 days', { from: '2025-01-01', to: '2026-01-02' }, 'to'],
    ['an impossible date', { from: '2026-02-30', to: '2026-03-01' }, 'from'],
    ['a missing from', { to: '2026-03-01' }, 'from'],
    ['an unknown granularity', { from: '2026-11-01', to: '2026-11-02', granularity: 'week' }, 'granularity'],
    ['an unknown channel', { from: '2026-11-01', to: '2026-11-02', channel: 'fax' }, 'channel'],
    ['an unknown parameter', { from: '2026-11-01', to: '2026-11-02', chanel: 'voice' }, ''],
  ])('answers problem+json 400 for %s', async (_case, query, path) => {
    const res = await call(query);
    expect(res.status).toBe(400);
    expect(res.contentType).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, type: expect.stringContaining('validation-error') });
    if (path) expect((res.body.errors as { path: string }[]).map((e) => e.path)).toContain(path);
  });

  it('answers 404 for a tenant the token does not name, and 403 for a role that may not read KPIs', async () => {
    const query = { from: '2026-11-01', to: '2026-11-02' };
    expect((await call(query, { tenants: 'acme-energy' })).status).toBe(404);
    expect((await call(query, { groups: '[dpo]' })).status).toBe(403);
    expect((await call(query, { groups: '[admin]' })).status).toBe(403);
    expect((await call(query, { groups: '[client-manager]' })).status).toBe(200);
    expect((await call(query, { groups: '[auditor]' })).status).toBe(200);
  });

  it('answers the quarter hours of a day for the intraday view', async () => {
    const res = await callApi(handler, {
      method: 'GET',
      route: INTERVALS,
      tenantId,
      query: { date: '2026-11-02', channel: 'voice' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tenantId, date: '2026-11-02', channel: 'voice', agreementVersion: 0 });
    const intervals = res.body.intervals as { start: string; index: number; offered: number }[];
    expect(intervals.length).toBeGreaterThan(0);
    expect(intervals.every((i) => i.start.startsWith('2026-11-02T') && i.start.endsWith('+01:00'))).toBe(true);
    expect(intervals.map((i) => i.index)).toEqual([...intervals.map((i) => i.index)].sort((a, b) => a - b));
  });
});
