import { z } from 'zod';
import { AgreementVersion, CalendarDate } from '../../shared/domain/agreement/agreement-schema.js';
import { defineRoute } from '../../shared/http/api-route.js';
import { PageQuery, TenantPath } from '../../shared/http/common-schemas.js';

const common = {
  function: 'get-agreement',
  tags: ['agreements'],
  authorization: 'jwt' as const,
  roles: ['compliance-officer', 'client-manager', 'auditor'] as const,
};

export const getAgreementRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/agreement',
  operationId: 'getAgreement',
  summary: 'The client agreement in force today, or on a given day',
  description:
    'The version of the agreement (ISO 18295-2) in force on `at` (a tenant-local date; today by default). Until ' +
    'a version is set the default agreement applies: version 0, origin `internal`.',
  request: {
    path: TenantPath,
    query: z.strictObject({
      at: CalendarDate.optional().meta({ description: 'A tenant-local date; today when left out' }),
    }),
  },
  responses: { 200: { description: 'The version in force', schema: AgreementVersion } },
  example: { query: { at: '2026-11-02' } },
});

export const AgreementHistory = z
  .object({
    tenantId: z.string(),
    versions: z.array(AgreementVersion).meta({ description: 'Newest first, ending with the default (version 0)' }),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'AgreementHistory' });

export const listAgreementVersionsRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/agreement/versions',
  operationId: 'listAgreementVersions',
  summary: "Every version of the tenant's agreement, newest first",
  description: 'History is kept: each PUT adds a version; none is ever changed or removed.',
  request: { path: TenantPath, query: z.strictObject(PageQuery) },
  responses: { 200: { description: 'The versions', schema: AgreementHistory } },
  example: { query: { limit: '10' } },
});
