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
    'retroactively; the time zone may not (days already counted cannot move): that answers 409.',
  tags: ['agreements'],
  authorization: 'jwt',
  roles: ['admin', 'compliance-officer'],
  request: { path: TenantPath, query: NoQuery, body: AgreementInput },
  responses: {
    201: { description: 'The new version', schema: AgreementVersion },
    409: { description: 'A time-zone change reaching back before today', schema: Problem },
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
