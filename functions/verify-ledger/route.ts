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
    reason: z
      .string()
      .optional()
      .meta({ description: 'What failed: an edit, a gap, a cut-off tail, an anchor mismatch' }),
    anchors: z
      .object({
        checked: z.number().int().nonnegative(),
        latestSequence: z.number().int().positive().optional(),
        latestAnchoredAt: z.string().optional(),
      })
      .meta({ description: 'The write-once copies of the head the chain was checked against' }),
  })
  .meta({ id: 'LedgerVerdict' });

export const verifyLedgerRoute = defineRoute({
  method: 'GET',
  path: '/v1/tenants/{tenantId}/ledger/verify',
  function: 'verify-ledger',
  operationId: 'verifyLedger',
  summary: "Recompute the tenant's evidence-ledger hash chain",
  description:
    'Checks every entry against its hash and its predecessor, the newest entry against the head, and the chain against ' +
    'the anchors (copies of the head kept hourly in write-once storage outside the table): an edit, a removed entry, ' +
    'a cut-off tail, a reordering, or a whole chain rewritten consistently after an anchor are each reported with the ' +
    'first sequence that can no longer be trusted.',
  tags: ['evidence'],
  authorization: 'jwt',
  roles: ['auditor', 'compliance-officer', 'dpo'],
  request: { path: TenantPath, query: NoQuery },
  responses: { 200: { description: 'The verdict', schema: LedgerVerdict } },
});
