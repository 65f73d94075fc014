import { AgreementInput, AgreementVersion } from '../../shared/domain/agreement/agreement-schema.js';
import { defineRoute } from '../../shared/http/api-route.js';
import { NoQuery, Problem, TenantPath } from '../../shared/http/common-schemas.js';

export const putAgreementRoute = defineRoute({
  method: 'PUT',
  path: '/v1/tenants/{tenantId}/agreement',
  function: 'put-agreement',
  operationId: 'putAgreement',
  summary: 'Add a version of the client agreement, effective from a date',
  description:
    'Adds a version that governs from `effectiveFrom` (a tenant-local date) until a later version takes effect. ' +
    'Sections left out take the default agreement (origin `internal`); values without an origin read `contract`. ' +
    'Earlier versions are kept: KPIs of a past day use the version in force that day. Targets may be changed ' +
    'retroactively; the time zone may not (days already counted cannot move): that answers 409. ' +
    "The version and its evidence-ledger entry are written in one transaction (the entry's sequence comes back in " +
    'the `ledger-sequence` header). The call is idempotent: a retry with the same `Idempotency-Key` header (1 to 128 ' +
    "printable ASCII characters, kept a day), or a body identical to the last version's, adds nothing and answers 200 " +
    'with the version it matches and `idempotent-replayed: true`. Under heavy concurrent change it may answer 503 ' +
    'with `Retry-After`; nothing was changed then.',
  tags: ['agreements'],
  authorization: 'jwt',
  roles: ['admin', 'compliance-officer'],
  request: { path: TenantPath, query: NoQuery, body: AgreementInput },
  responses: {
    200: {
      description: 'An idempotent retry: the version the same key or body already created',
      schema: AgreementVersion,
    },
    201: { description: 'The new version', schema: AgreementVersion },
    409: { description: 'A time-zone change reaching back before today', schema: Problem },
    422: { description: 'The Idempotency-Key was already used with a different body', schema: Problem },
    503: {
      description: 'Too many concurrent changes or the store is unavailable; retry after `Retry-After`',
      schema: Problem,
    },
  },
  example: {
    body: {
      effectiveFrom: '2026-12-01',
      reference: 'Contract ACME-2026, amendment 1',
      kpiTargets: [
        { kpi: 'serviceLevel', channel: 'voice', direction: 'min', target: { value: 0.85, origin: 'contract' } },
        { kpi: 'abandonmentRate', channel: 'voice', direction: 'max', target: { value: 0.04, origin: 'contract' } },
      ],
    },
  },
});
