import { z } from 'zod';
import { defineRoute } from '../../shared/http/api-route.js';
import { NoQuery, TenantPath } from '../../shared/http/common-schemas.js';

export const LedgerVerdict = z
  .object({
    valid: z.boolean(),
    entries: z.number().int().nonnegative(),
    firstBrokenAt: z
      .number()
      .int()
      .positive()
      .optional()
      .meta({ description: 'Sequence number of the first entry that does not verify' }),
    reason: z.string().optional(),
  })
  .meta({ id: 'LedgerVerdict' });

export const verifyLedgerRoute = defineRoute({
  method: 'GET',
  path: '/v1/tenants/{tenantId}/ledger/verify',
  function: 'verify-ledger',
  operationId: 'verifyLedger',
  summary: "Recompute the tenant's evidence-ledger hash chain",
  tags: ['evidence'],
  authorization: 'jwt',
  roles: ['auditor', 'compliance-officer', 'dpo'],
  request: { path: TenantPath, query: NoQuery },
  responses: { 200: { description: 'The verdict', schema: LedgerVerdict } },
});
