import { describe, expect, it } from 'vitest';
import { KPI_NAMES } from '../../../../shared/domain/kpi/kpi-names.js';
import { type ReceivedResponse, routeTemplateOf, undocumentedParts } from '../../../support/openapi-responses.js';

const KPIS = '/v1/tenants/{tenantId}/kpis';

const entry = {
  period: '2026-11',
  firstDay: '2026-11-01',
  lastDay: '2026-11-30',
  channel: 'voice',
  offered: 10,
  handled: 9,
  abandoned: 1,
  shortAbandoned: 0,
  callbackRequested: 0,
  outbound: 0,
  serviceLevel: 0.8,
  abandonmentRate: 0.1,
  averageSpeedOfAnswerSeconds: 12.5,
  averageHandleSeconds: null,
  firstContactResolutionRate: null,
  repeatContactResolutionRate: null,
  waitP90Seconds: 30,
  thresholds: {
    serviceLevelSeconds: { value: 20, origin: 'contract' },
    shortAbandonSeconds: { value: 5, origin: 'internal' },
  },
  targets: { serviceLevel: { target: 0.8, direction: 'min', warningMargin: 0.02, origin: 'contract' } },
  status: { ...Object.fromEntries(KPI_NAMES.map((kpi) => [kpi, 'no-target'])), serviceLevel: 'met' },
  agreementVersion: 1,
};

const report = (body: Record<string, unknown> = {}): ReceivedResponse => ({
  method: 'GET',
  route: KPIS,
  status: 200,
  contentType: 'application/json; charset=utf-8',
  body: {
    tenantId: 'acme',
    timeZone: 'Europe/Paris',
    from: '2026-11-01',
    to: '2026-11-30',
    granularity: 'month',
    series: [entry],
    ...body,
  },
});

describe('answers checked against /openapi.json', () => {
  it('accepts an answer as documented', () => {
    expect(undocumentedParts(report())).toEqual([]);
  });

  it('fails a field added to the answer and not to the document, at any depth', () => {
    expect(undocumentedParts(report({ generatedAt: '2026-12-01' }))).toEqual([
      expect.stringContaining('must NOT have additional properties {"additionalProperty":"generatedAt"}'),
    ]);
    const nested = report({ series: [{ ...entry, thresholds: { ...entry.thresholds, extra: 1 } }] });
    expect(undocumentedParts(nested).join()).toContain('body/series/0/thresholds must NOT have additional properties');
    const unknownKpi = report({ series: [{ ...entry, status: { ...entry.status, happiness: 'met' } }] });
    expect(undocumentedParts(unknownKpi)).not.toEqual([]);
  });

  it('fails a missing field or a wrong type', () => {
    const { timeZone: _gone, ...rest } = report().body as Record<string, unknown>;
    expect(undocumentedParts({ ...report(), body: rest }).join()).toContain("must have required property 'timeZone'");
    expect(undocumentedParts(report({ granularity: 'week' }))).not.toEqual([]);
  });

  it('fails a status, a content type or a route the document does not list', () => {
    expect(undocumentedParts({ ...report(), status: 418 })).toEqual([
      expect.stringContaining('GET /v1/tenants/{tenantId}/kpis → 418: status not documented'),
    ]);
    expect(undocumentedParts({ ...report(), contentType: 'text/csv' }).join()).toContain('content type text/csv');
    expect(undocumentedParts({ ...report(), route: '/v1/tenants/{tenantId}/surveys' }).join()).toContain(
      'not in the OpenAPI document',
    );
  });

  it('finds the route a request path belongs to, for answers received over HTTP', () => {
    expect(routeTemplateOf('GET', '/v1/tenants/acme/kpis')).toBe(KPIS);
    expect(routeTemplateOf('GET', '/v1/tenants/acme/kpis/intervals')).toBe(`${KPIS}/intervals`);
    expect(routeTemplateOf('DELETE', '/v1/tenants/acme/kpis')).toBeUndefined();
  });

  it('checks problems against the Problem schema', () => {
    const problem = { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Your role may not do this' };
    const answer = { ...report(), status: 403, contentType: 'application/problem+json', body: problem };
    expect(undocumentedParts(answer)).toEqual([]);
    expect(undocumentedParts({ ...answer, body: { ...problem, stack: 'at handler.ts:1' } })).not.toEqual([]);
    expect(undocumentedParts({ ...answer, contentType: 'application/json' })).not.toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('closes every object of every response, so an added field cannot pass unnoticed', async () => {
    const { routes } = await import('../../../../functions/routes.js');
    const { buildOpenApiDocument } = await import('../../../../shared/http/openapi.js');
    const document = buildOpenApiDocument(routes, { version: 'test' });
    const open: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) for (const [i, item] of node.entries()) walk(item, `${at}/${i}`);
      else if (node !== null && typeof node === 'object') {
        const schema = node as Record<string, unknown>;
        const rest = schema.additionalProperties;
        // Closed: `false`, or a schema for the values of a record whose keys `propertyNames` restricts.
        const closed = rest === false || (typeof rest === 'object' && rest !== null && Object.keys(rest).length > 0);
        if (schema.type === 'object' && !closed) open.push(at);
        for (const [key, value] of Object.entries(schema)) walk(value, `${at}/${key}`);
      }
    };
    for (const [path, operations] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(operations))
        walk((operation as { responses: unknown }).responses, `${method} ${path}`);
    expect(open).toEqual([]);
  });
});
