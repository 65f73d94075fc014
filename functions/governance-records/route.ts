import { z } from 'zod';
import { DocumentType } from '../../events/governance.js';
import { RecordDate } from '../../events/quality.js';
import { defineRoute } from '../../shared/http/api-route.js';
import { NoQuery, TenantPath } from '../../shared/http/common-schemas.js';

const common = { function: 'governance-records', tags: ['governance'], authorization: 'jwt' as const };
const readers = ['compliance-officer', 'auditor', 'client-manager'] as const;

const Instant = z.string().meta({ description: 'ISO 8601 date-time' });

export const DocumentRegister = z
  .object({
    tenantId: z.string(),
    today: z.string().meta({ description: "The tenant's local date the review dates were compared with" }),
    documents: z.array(
      z
        .object({
          documentId: z.string(),
          type: DocumentType,
          title: z.string(),
          version: z.string().meta({ description: 'The latest approved version' }),
          approvedBy: z.string(),
          approvedOn: z.string(),
          reviewDue: z.string(),
          reviewOverdue: z.boolean().meta({ description: 'Its review date has passed (today not included)' }),
          clauses: z.array(z.string()),
          occurredAt: Instant,
          recordedAt: Instant,
        })
        .meta({ id: 'GovernanceDocument' }),
    ),
  })
  .meta({ id: 'DocumentRegister' });

export const listDocumentsRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/documents',
  operationId: 'listDocuments',
  summary: 'The register of approved policies and procedures',
  description:
    'Each document (`document.approved`) with its latest approved version, when it was approved and when it is due ' +
    "for review; `reviewOverdue` when that date has passed in the tenant's local date. By document id.",
  roles: readers,
  request: { path: TenantPath, query: NoQuery },
  responses: { 200: { description: 'The register', schema: DocumentRegister } },
});

export const ReviewsQuery = z
  .strictObject({
    from: RecordDate.optional().meta({ description: 'First date held, included' }),
    to: RecordDate.optional().meta({ description: 'Last date held, included' }),
  })
  .superRefine((q, ctx) => {
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
    }
  });

export const ManagementReviewList = z
  .object({
    tenantId: z.string(),
    reviews: z.array(
      z
        .object({
          reviewId: z.string(),
          heldOn: z.string(),
          chairedBy: z.string(),
          inputs: z.array(z.string()),
          decisions: z.number().int(),
          minutesRef: z.string().optional(),
          occurredAt: Instant,
          recordedAt: Instant,
        })
        .meta({ id: 'ManagementReview' }),
    ),
  })
  .meta({ id: 'ManagementReviewList' });

export const listManagementReviewsRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/management-reviews',
  operationId: 'listManagementReviews',
  summary: 'Management reviews held',
  description:
    'Reviews (`management-review.held`) held on tenant-local dates `from`…`to` (both optional), oldest first.',
  roles: readers,
  request: { path: TenantPath, query: ReviewsQuery },
  responses: { 200: { description: 'The reviews', schema: ManagementReviewList } },
  example: { query: { from: '2026-01-01', to: '2026-12-31' } },
});
