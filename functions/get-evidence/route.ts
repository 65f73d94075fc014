import { z } from 'zod';
import { CalendarDate } from '../../shared/domain/agreement/agreement-schema.js';
import { daysBetween, isCalendarDate } from '../../shared/domain/calendar/calendar-date.js';
import { MAX_SEED } from '../../shared/domain/evidence/reservoir-sample.js';
import { defineRoute } from '../../shared/http/api-route.js';
import { TenantPath } from '../../shared/http/common-schemas.js';

/** The longest audit window, in days: a year since the last audit, and a month's slack for a late one. */
export const MAX_WINDOW_DAYS = 400;

export const EvidenceQuery = z
  .strictObject({
    from: CalendarDate.meta({ description: 'First tenant-local day of the audit window, included' }),
    to: CalendarDate.meta({ description: 'Last tenant-local day of the audit window, included' }),
    seed: z.coerce
      .number()
      .int()
      .min(0)
      .max(MAX_SEED)
      .optional()
      .meta({
        description:
          "The auditor samples' seed (0 to 4294967295); a generated one when absent. The manifest records it: the " +
          'same seed over the same window draws the same samples again.',
      }),
    sampleSize: z.coerce
      .number()
      .int()
      .min(1)
      .max(500)
      .default(25)
      .meta({ description: 'Records per sample (1–500; all of a smaller population)' }),
    redirect: z
      .enum(['true', 'false'])
      .default('true')
      .meta({
        description:
          '`true` (default): `303 See Other` to the download. `false`: `200` with the same body and no `Location`, ' +
          'for a browser page, whose `fetch` would otherwise follow the redirect to the bucket itself',
      }),
  })
  .superRefine((q, ctx) => {
    if (!isCalendarDate(q.from) || !isCalendarDate(q.to)) return;
    if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
    else if (daysBetween(q.from, q.to) + 1 > MAX_WINDOW_DAYS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `a window spans at most ${MAX_WINDOW_DAYS} days` });
  });

const Head = z.object({ sequence: z.number().int().nonnegative(), hash: z.string() });

export const EvidencePackLink = z
  .object({
    url: z.string().meta({ description: 'Presigned GET of the zip (the `Location` header too)' }),
    expiresAt: z.string().meta({ description: 'When the link stops working (five minutes)' }),
    key: z.string().meta({ description: 'Where the pack is kept in the reports bucket' }),
    sha256: z.string().meta({ description: "SHA-256 of the zip, as recorded in the tenant's evidence ledger" }),
    bytes: z.number().int().nonnegative(),
    ledgerSequence: z.number().int().positive().meta({ description: 'The `evidence.pack-generated` ledger entry' }),
    manifest: z.object({
      sha256: z.string().meta({ description: 'SHA-256 of manifest.json inside the zip' }),
      files: z.number().int().positive(),
      missing: z.array(z.string()).meta({ description: 'Files left out: records this deployment does not keep yet' }),
      ledgerHead: Head.meta({ description: 'The head the pack cites (anchored before the pack was written)' }),
      seed: z.number().int().nonnegative(),
      populations: z.record(z.string(), z.number().int().nonnegative().optional()).meta({
        description: 'Each sample file and the size of the population it was drawn from',
      }),
    }),
  })
  .meta({ id: 'EvidencePackLink' });

export const getEvidenceRoute = defineRoute({
  method: 'GET',
  path: '/v1/tenants/{tenantId}/evidence',
  function: 'get-evidence',
  operationId: 'getEvidencePack',
  summary: 'An evidence pack (zip) for an audit window',
  description:
    "Builds a zip of the window's evidence (KPI tables against targets, the complaint register and timelines, the " +
    'training matrix and records, the recording access log, retention deletions and erasure requests, audits, ' +
    'nonconformities and corrective actions, governance records, control states and history, the ledger entries ' +
    "and head, seeded auditor samples), with `manifest.json` (each file's SHA-256, row count and the query behind " +
    'it), `SHA256SUMS` and `VERIFY.md` (how to check every hash and the ledger chain with standard tools). Evidence ' +
    'is placed in the window by when it happened (`occurredAt`), with `recordedAt` beside it where kept. The ledger ' +
    'head is anchored first and the pack is recorded in the ledger. The answer is `303 See Other` to a download ' +
    'link valid five minutes, not the zip itself: API Gateway and Lambda cap a response at 6 MB, and a year of a ' +
    'large tenant is more. `curl -L -o pack.zip` follows it.',
  tags: ['evidence'],
  authorization: 'jwt',
  roles: ['auditor', 'compliance-officer'],
  request: { path: TenantPath, query: EvidenceQuery },
  responses: {
    303: { description: 'The pack was written; `Location` downloads it', schema: EvidencePackLink },
    200: { description: 'The pack was written (`redirect=false`); `url` downloads it', schema: EvidencePackLink },
  },
  example: { query: { from: '2026-01-01', to: '2026-03-31', seed: '20260401' } },
});
