import { describe, expect, it } from 'vitest';
import { verifyLedger } from '../../../shared/app/verify-ledger.js';
import { DynamoLedgerRepository } from '../../../shared/store/ledger-repository.js';
import { testDocumentClient, useStandInEnvironment } from '../../support/stand-ins.js';
import { type apiEvent, callApi } from '../kpis/support/api-event.js';

const config = useStandInEnvironment();
const { handler: getAgreement } = await import('../../../functions/get-agreement/handler.js');
const { handler: putAgreement } = await import('../../../functions/put-agreement/handler.js');

/** The only test file that writes acme-energy's agreement. */
const tenantId = 'acme-energy';
const AGREEMENT = '/v1/tenants/{tenantId}/agreement';
const VERSIONS = '/v1/tenants/{tenantId}/agreement/versions';

const get = async (query?: Record<string, string>, extra: Partial<Parameters<typeof apiEvent>[0]> = {}) =>
  await callApi(getAgreement, { method: 'GET', route: AGREEMENT, tenantId, query, ...extra });
const history = async (query?: Record<string, string>) =>
  await callApi(getAgreement, { method: 'GET', route: VERSIONS, tenantId, query });
const put = async (body: unknown, extra: Partial<Parameters<typeof apiEvent>[0]> = {}) =>
  await callApi(putAgreement, { method: 'PUT', route: AGREEMENT, tenantId, body, ...extra });

describe('Function: get-agreement and put-agreement', () => {
  it('answers the default agreement, version 0, until a version is set', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tenantId,
      version: 0,
      origin: 'internal',
      effectiveFrom: null,
      timeZone: { value: 'Europe/Paris', origin: 'internal' },
      language: { value: 'fr', origin: 'internal' },
    });
  });

  it('adds versions, keeps the history and answers the version in force on a day', async () => {
    // Act
    const first = await put({
      effectiveFrom: '2020-01-01',
      reference: 'Contract ACME-2020',
      kpiTargets: [{ kpi: 'serviceLevel', channel: 'voice', direction: 'min', target: { value: 0.85 } }],
    });
    const second = await put(
      { effectiveFrom: '2099-01-01', repeatContactWindowDays: { value: 14 } },
      { groups: '[admin]' },
    );

    // Assess
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ version: 1, effectiveFrom: '2020-01-01', recordedBy: 'officer-1' });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ version: 2, repeatContactWindowDays: { value: 14, origin: 'contract' } });
    expect((await get()).body).toMatchObject({ version: 1, reference: 'Contract ACME-2020' });
    expect((await get({ at: '2019-12-31' })).body).toMatchObject({ version: 0 });
    expect((await get({ at: '2099-01-01' })).body).toMatchObject({ version: 2 });

    const page1 = await history({ limit: '2' });
    expect((page1.body.versions as { version: number }[]).map((v) => v.version)).toEqual([2, 1]);
    const page2 = await history({ limit: '2', cursor: page1.body.nextCursor as string });
    expect((page2.body.versions as { version: number }[]).map((v) => v.version)).toEqual([0]);

    // The cursor is bound to its tenant and signed: a principal who sees two tenants cannot carry it across,
    // and editing it is noticed.
    const other = 'northwind-telecom';
    const elsewhere = await callApi(getAgreement, {
      method: 'GET',
      route: VERSIONS,
      tenantId: other,
      tenants: `${tenantId},${other}`,
      query: { cursor: page1.body.nextCursor as string },
    });
    expect(elsewhere.status).toBe(400);
    const [payload, signature] = (page1.body.nextCursor as string).split('.');
    const forged = Buffer.from(
      Buffer.from(payload!, 'base64url')
        .toString()
        .replace(/"before":\d+/, '"before":99'),
    ).toString('base64url');
    expect((await history({ cursor: `${forged}.${signature}` })).status).toBe(400);
    expect(page2.body.nextCursor).toBeUndefined();

    // Each change is in the evidence ledger
    const ledger = await verifyLedger(
      new DynamoLedgerRepository(testDocumentClient(), config.tableName),
      undefined,
      tenantId,
    );
    expect(ledger).toMatchObject({ valid: true, entries: 2 });
  });

  it('answers 409 to a time-zone change reaching into the past', async () => {
    const res = await put({ effectiveFrom: '2021-01-01', timeZone: { value: 'Europe/London' } });
    expect(res.status).toBe(409);
    expect(res.contentType).toBe('application/problem+json');
  });

  it('answers problem+json 400 for an invalid body, saying where', async () => {
    const res = await put({ effectiveFrom: '2026-13-01', kpiTargets: [{ kpi: 'speed', channel: 'voice' }] });
    expect(res.status).toBe(400);
    expect(res.contentType).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, title: expect.any(String), detail: 'Invalid request body' });
    const paths = (res.body.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['effectiveFrom', 'kpiTargets.0.kpi', 'kpiTargets.0.direction']));
  });

  it('answers 400 for an unknown query parameter, a bad date or a bad cursor', async () => {
    expect((await get({ when: '2026-01-01' })).status).toBe(400);
    expect((await get({ at: '2026-02-30' })).status).toBe(400);
    expect((await history({ cursor: 'forged' })).status).toBe(400);
    expect((await put({ effectiveFrom: '2030-01-01' }, { query: { dryRun: 'true' } })).status).toBe(400);
  });

  it('answers 404 for a tenant the token does not name, and 403 for a role that may not', async () => {
    expect((await get(undefined, { tenants: 'globex' })).status).toBe(404);
    expect((await put({ effectiveFrom: '2030-01-01' }, { tenants: 'globex', groups: '[admin]' })).status).toBe(404);
    expect((await put({ effectiveFrom: '2030-01-01' }, { groups: '[client-manager]' })).status).toBe(403);
    expect((await put({ effectiveFrom: '2030-01-01' }, { groups: '[auditor]' })).status).toBe(403);
    expect((await get(undefined, { groups: '[dpo]' })).status).toBe(403);
    expect((await get(undefined, { groups: '[client-manager]' })).status).toBe(200);
  });
});
