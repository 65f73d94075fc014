import { z } from 'zod';
import { receivedDateTime } from '../../events/envelope.js';
import { pseudonymousReference } from '../../events/personal-data.js';
import { defineRoute } from '../../shared/http/api-route.js';
import { NoQuery, PageQuery, Problem, TenantPath } from '../../shared/http/common-schemas.js';

const common = { function: 'erasure-requests', tags: ['data protection'], authorization: 'jwt' as const };

/** Printable ASCII without spaces, as an `Idempotency-Key` (it may be one). */
const RequestId = z
  .string()
  .regex(/^[\x21-\x7e]{1,128}$/, 'must be 1 to 128 printable ASCII characters, no spaces')
  .meta({ description: "The data-protection workflow's reference of the request: the idempotency key" });

export const ErasureRequestBody = z
  .strictObject({
    customerRef: pseudonymousReference('customerRef').meta({ description: 'The data subject (pseudonymised)' }),
    requestId: RequestId.optional().meta({
      description:
        'Your reference of the request, the idempotency key; when left out, the `Idempotency-Key` header, else a new id',
    }),
    receivedAt: receivedDateTime()
      .optional()
      .meta({ description: 'When the data subject asked (the one-month deadline runs from here); now when left out' }),
  })
  .meta({ id: 'ErasureRequestBody' });

const ContactIds = z.array(z.string());

export const ErasureRequestResult = z
  .object({
    tenantId: z.string(),
    requestId: z.string(),
    customerRef: z.string(),
    receivedAt: z.string(),
    dueBy: z.string().meta({ description: 'One calendar month after receipt, end of that UTC day (GDPR Art. 12(3))' }),
    requestedBy: z.string(),
    via: z.enum(['api', 'event']),
    status: z.enum(['completed', 'blocked-by-legal-hold']),
    completedAt: z.string().optional(),
    updatedAt: z.string().meta({ description: 'When it was last decided' }),
    onTime: z.boolean().nullable().meta({
      description: 'Completed by `dueBy` (true), after it or still open after it (false), open and not due (null)',
    }),
    recordingsDeleted: ContactIds.meta({ description: 'Contact ids whose recording was deleted' }),
    recordingsHeld: ContactIds.meta({ description: 'Contact ids whose recording is on legal hold (blocked requests)' }),
    contactsAnonymised: z.number().int().nonnegative(),
  })
  .meta({ id: 'ErasureRequest' });

export const ErasureBlockedProblem = Problem.extend({
  requestId: z.string().optional(),
  recordingsHeld: ContactIds.optional().meta({ description: 'Contact ids of the held recordings' }),
}).meta({ id: 'ErasureBlockedProblem' });

export const requestErasureRoute = defineRoute({
  ...common,
  method: 'POST',
  path: '/v1/tenants/{tenantId}/erasure-requests',
  operationId: 'requestErasure',
  summary: "Erase a data subject's recordings and references (GDPR Art. 17)",
  description:
    'Deletes every recording of `customerRef` (found by the reference and through its contacts) and removes the ' +
    'reference from the stored contacts; KPI aggregates keep their counts. Each deletion and the outcome are ' +
    'written to the evidence ledger. When any of those recordings is on legal hold (its own, or a hold on the data ' +
    'subject) nothing is deleted: the answer is 409 with the held recordings, and the request is kept as ' +
    '`blocked-by-legal-hold`. Idempotent by `requestId`: a completed request sent again answers 200 with what it ' +
    'did; a blocked one is examined again, and executes once the holds are released; a `requestId` already used ' +
    'for another data subject answers 409. The deadline (`dueBy`) is one calendar month after `receivedAt`.',
  roles: ['dpo'],
  request: { path: TenantPath, query: NoQuery, body: ErasureRequestBody },
  responses: {
    200: { description: 'Sent again: the request had completed; nothing more was done', schema: ErasureRequestResult },
    201: { description: 'Erased: what was done', schema: ErasureRequestResult },
    409: {
      description: 'Blocked by a legal hold (nothing deleted; `recordingsHeld` lists them), or `requestId` reused',
      schema: ErasureBlockedProblem,
      contentType: 'application/problem+json',
    },
    503: { description: 'The store is busy or unavailable; retry after `Retry-After`', schema: Problem },
  },
  example: { body: { customerRef: 'cust-7f3a9c' } },
});

export const ErasureRequestList = z
  .object({
    tenantId: z.string(),
    requests: z.array(ErasureRequestResult).meta({ description: 'Newest received first' }),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'ErasureRequestList' });

export const listErasureRequestsRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/erasure-requests',
  operationId: 'listErasureRequests',
  summary: 'Erasure requests, what each did and whether it met its deadline',
  description:
    'Every erasure request of the tenant, newest received first, with its status, `dueBy`, `completedAt`, whether ' +
    'it was answered in time (DP-DSR-TIMELY) and what it did.',
  roles: ['dpo', 'auditor'],
  request: { path: TenantPath, query: z.strictObject(PageQuery) },
  responses: { 200: { description: 'The requests', schema: ErasureRequestList } },
  example: { query: { limit: '20' } },
});
