import { z } from 'zod';
import { defineRoute } from '../../shared/http/api-route.js';
import { NoQuery, PageQuery, Problem, TenantPath } from '../../shared/http/common-schemas.js';

const common = { function: 'reports', tags: ['reports'], authorization: 'jwt' as const };
const readers = ['compliance-officer', 'client-manager', 'auditor'] as const;

export const ReportPath = TenantPath.extend({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month yyyy-mm')
    .meta({ description: 'The tenant-local month reported on', example: '2026-11' }),
});

export const ReportsQuery = z.strictObject({ ...PageQuery });

export const ProduceReportBody = z
  .strictObject({
    force: z.boolean().default(false).meta({
      description: 'Generate the month again (a new version of the archive) and send it to every recipient again',
    }),
  })
  .default({ force: false });

const Delivery = z
  .object({
    recipientHash: z.string().meta({ description: 'SHA-256 of the lower-cased address, as the ledger names it' }),
    email: z.string().optional().meta({ description: 'The address, shown to compliance officers only' }),
    language: z.enum(['fr', 'en']),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int().nonnegative(),
    at: z.string().optional(),
    permanent: z.boolean().optional().meta({ description: 'SES refused it (retrying as is will not help)' }),
    reason: z.string().optional().meta({ description: "SES's refusal, shown to compliance officers only" }),
  })
  .meta({ id: 'ReportDelivery' });

const summaryFields = {
  month: z.string(),
  version: z.number().int().positive().meta({ description: 'One more each time the month was forced again' }),
  state: z.enum(['generating', 'archived']),
  forced: z.boolean(),
  language: z.enum(['fr', 'en']),
  timeZone: z.string(),
  generatedAt: z.string(),
  reportKey: z.string().meta({ description: "The PDF's key in the reports bucket" }),
  sha256: z.string().meta({ description: "SHA-256 of the PDF, as in the report's ledger entry" }),
  manifestSha256: z.string().meta({ description: 'SHA-256 of manifest.json (every archived file with its SHA-256)' }),
  recipients: z.number().int().nonnegative(),
  delivered: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
};

export const ReportSummary = z.object(summaryFields).meta({ id: 'MonthlyReportSummary' });

export const ReportDetail = z
  .object({
    tenantId: z.string(),
    ...summaryFields,
    deliveries: z.array(Delivery),
    files: z.array(
      z.object({ path: z.string(), contentType: z.string(), bytes: z.number().int(), sha256: z.string() }),
    ),
    links: z
      .array(z.object({ path: z.string(), contentType: z.string(), url: z.string(), expiresAt: z.string() }))
      .meta({ description: 'Presigned GETs of the PDF, the HTML, the charts and the CSVs, valid five minutes' }),
  })
  .meta({ id: 'MonthlyReport' });

export const listReportsRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/reports',
  operationId: 'listReports',
  summary: "The tenant's monthly surveillance reports, newest month first",
  description:
    "Each month's report (produced on the first day of the next month in the tenant's time zone, or on demand) " +
    'with its hashes and how many recipients it reached.',
  roles: readers,
  request: { path: TenantPath, query: ReportsQuery },
  responses: {
    200: {
      description: 'A page of reports',
      schema: z.object({
        tenantId: z.string(),
        reports: z.array(ReportSummary),
        nextCursor: z.string().optional(),
      }),
    },
  },
});

export const getReportRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/reports/{month}',
  operationId: 'getReport',
  summary: "One month's report, its deliveries and download links",
  description:
    'The report of a month with each recipient’s delivery (addresses and SES reasons to compliance officers only) ' +
    'and presigned download links valid five minutes. 404 when the month has no report.',
  roles: readers,
  request: { path: ReportPath, query: NoQuery },
  responses: { 200: { description: 'The report', schema: ReportDetail } },
  example: { path: { month: '2026-11' } },
});

export const produceReportRoute = defineRoute({
  ...common,
  method: 'POST',
  path: '/v1/tenants/{tenantId}/reports/{month}',
  operationId: 'produceReport',
  summary: "Produce a month's report now",
  description:
    'Generates, archives and sends the report of an ended month (201), or, when it exists, sends it only to the ' +
    'recipients it has not reached yet (200; `idempotent-replayed: true` when nothing was sent). `force: true` ' +
    'generates it again and sends it to everyone. A month not ended in the tenant’s time zone answers 422; a report ' +
    'being produced at the same moment 409.',
  roles: ['compliance-officer'],
  request: { path: ReportPath, query: NoQuery, body: ProduceReportBody },
  responses: {
    200: {
      description: 'It existed: sent to the recipients it had not reached, or nothing sent',
      schema: ReportDetail,
    },
    201: { description: 'Generated, archived and sent', schema: ReportDetail },
    409: { description: 'Another production of the month is under way', schema: Problem },
    422: { description: 'The month has not ended', schema: Problem },
  },
  example: { path: { month: '2026-11' }, body: { force: false } },
});
