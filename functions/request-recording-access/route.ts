import { z } from 'zod';
import { RecordingFormat, RetentionClass } from '../../events/recordings.js';
import { ACCESS_LOG_READS_PER_PAGE, MAX_ACCESS_LOG_DAYS } from '../../shared/app/recording-access-log.js';
import { defineRoute } from '../../shared/http/api-route.js';
import { NoQuery, PageQuery, Problem, TenantPath } from '../../shared/http/common-schemas.js';

const common = { function: 'request-recording-access', tags: ['data protection'], authorization: 'jwt' as const };

export const RecordingPath = TenantPath.extend({
  contactId: z.string().min(1).max(128).meta({ description: 'The contact whose recording it is', example: 'c-000123' }),
});

/**
 * Why a person listens to a recording: the purposes recordings are kept for (ISO18295.md §4, "Lawful basis",
 * "Minimisation / purpose") and the reviews a DPO answers for. `other` needs a note that says what it is.
 */
export const ACCESS_PURPOSES = [
  'quality-review',
  'training',
  'complaint-investigation',
  'dispute',
  'legal',
  'data-subject-request',
  'other',
] as const;

export const RecordingAccessBody = z
  .strictObject({
    purpose: z.enum(ACCESS_PURPOSES).meta({
      description:
        'The purpose of this access: `quality-review`, `training`, `complaint-investigation`, `dispute`, `legal`, ' +
        '`data-subject-request` (an access request, GDPR Art. 15) or `other` (then `note` says what)',
    }),
    note: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .optional()
      .meta({
        description:
          'The justification in a sentence: a complaint or case number, a review campaign. Kept in the access log and ' +
          'the evidence ledger for good: no personal data',
      }),
  })
  .superRefine((body, ctx) => {
    if (body.purpose === 'other' && (body.note?.length ?? 0) < 10)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'purpose other needs a note of at least 10 characters' });
  })
  .meta({ id: 'RecordingAccessBody' });

const Unusual = z
  .array(z.enum(['bulk', 'out-of-hours']))
  .meta({ description: 'Why the access is unusual (DP-REC-ACCESS is then at risk); empty for a usual access' });

export const RecordingAccessGrant = z
  .object({
    tenantId: z.string(),
    contactId: z.string(),
    accessId: z.string(),
    url: z
      .url()
      .meta({ description: 'A presigned GET of the recording; anyone holding it can fetch it until expiresAt' }),
    expiresAt: z.string().meta({ description: 'When the URL stops working: at most 5 minutes after the access' }),
    purpose: z.enum(ACCESS_PURPOSES),
    unusual: Unusual,
    ledgerSequence: z.number().int().positive().meta({ description: "The access's evidence-ledger entry" }),
  })
  .meta({ id: 'RecordingAccessGrant' });

export const requestRecordingAccessRoute = defineRoute({
  ...common,
  method: 'POST',
  path: '/v1/tenants/{tenantId}/recordings/{contactId}/access',
  operationId: 'requestRecordingAccess',
  summary: 'Get a recording for a stated purpose: a URL valid at most 5 minutes, logged first',
  description:
    'Grants the caller a presigned URL of the recording, valid `RECORDING_ACCESS_URL_SECONDS` (at most 300). The ' +
    'access (who, role, purpose, when, which recording, until when) is written to the access log and, in the same ' +
    'transaction, to the evidence ledger (`recording.accessed`, its sequence in the `ledger-sequence` header) before ' +
    'the URL is returned. An access is unusual when the caller reaches more than `RECORDING_ACCESS_HOURLY_LIMIT` ' +
    "(default 10) distinct recordings within an hour, or outside the agreement's business hours in the tenant's time " +
    'zone (opening hours, public holidays, closures): it is still granted, marked `unusual`, and puts the control ' +
    'DP-REC-ACCESS at risk in the same transaction. A recording on legal hold may be accessed. Every call is a new ' +
    'access with its own entry.',
  roles: ['recording-reviewer', 'dpo'],
  request: { path: RecordingPath, query: NoQuery, body: RecordingAccessBody },
  responses: {
    201: { description: 'The access, granted and logged', schema: RecordingAccessGrant },
    404: { description: 'No such tenant, or no recording of this contact', schema: Problem },
    410: { description: 'The recording was deleted (retention or erasure): when and why', schema: Problem },
    503: { description: 'The store is busy or unavailable; retry after `Retry-After`', schema: Problem },
  },
  example: { path: { contactId: 'c-000123' }, body: { purpose: 'quality-review' } },
});

export const RecordingAccessEntry = z
  .object({
    accessId: z.string(),
    contactId: z.string(),
    actor: z.string().meta({ description: "The caller's subject (a Cognito user id in AWS)" }),
    role: z.string(),
    purpose: z.string(),
    note: z.string().optional(),
    at: z.string(),
    expiresAt: z.string(),
    unusual: Unusual,
    ledgerSequence: z.number().int().positive(),
  })
  .meta({ id: 'RecordingAccessEntry' });

export const RecordingAccessLog = z
  .object({
    tenantId: z.string(),
    contactId: z.string(),
    accesses: z.array(RecordingAccessEntry).meta({ description: 'Newest first' }),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'RecordingAccessLog' });

export const getRecordingAccessLogRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/recordings/{contactId}/access-log',
  operationId: 'getRecordingAccessLog',
  summary: "A recording's access log, newest first",
  description:
    'Every access granted to the recording, newest first, with who, role, purpose, when, until when, whether it was ' +
    'unusual and its evidence-ledger entry. The log outlives the recording: it is still there after deletion. A ' +
    'contact whose recording was never accessed (or that has none) has an empty log.',
  roles: ['dpo', 'auditor'],
  request: { path: RecordingPath, query: z.strictObject(PageQuery) },
  responses: { 200: { description: 'One page of the log', schema: RecordingAccessLog } },
  example: { path: { contactId: 'c-000123' }, query: { limit: '20' } },
});

export const TenantAccessLogQuery = z
  .strictObject({
    from: z.iso.datetime({ offset: true }).meta({ description: 'Start of the window, included (ISO 8601)' }),
    to: z.iso.datetime({ offset: true }).meta({ description: 'End of the window, excluded (ISO 8601)' }),
    ...PageQuery,
  })
  .superRefine((q, ctx) => {
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (Number.isNaN(from) || Number.isNaN(to)) return;
    if (from >= to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
    else if (to - from > MAX_ACCESS_LOG_DAYS * 86_400_000)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `a window spans at most ${MAX_ACCESS_LOG_DAYS} days` });
  });

export const TenantAccessLog = z
  .object({
    tenantId: z.string(),
    from: z.string().meta({ description: 'The window as read, in UTC' }),
    to: z.string(),
    accesses: z
      .array(RecordingAccessEntry)
      .meta({ description: "Accesses to any of the tenant's recordings, newest first" }),
    nextCursor: z.string().optional().meta({
      description: 'Present while the window may hold older accesses, even after a short or empty page',
    }),
  })
  .meta({ id: 'TenantRecordingAccessLog' });

export const getTenantRecordingAccessLogRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/recording-access-log',
  operationId: 'getTenantRecordingAccessLog',
  summary: "Every access to the tenant's recordings in a window, newest first",
  description:
    'The accesses to any recording of the tenant with `from <= at < to` (at most ' +
    `${MAX_ACCESS_LOG_DAYS} days), newest first, each as the recording's own access log shows it: contact, who, ` +
    'role, purpose and note, when, until when, whether it was unusual, and its evidence-ledger entry. Read from the ' +
    "evidence ledger's `recording.accessed` entries, newest first, stopping at the first entry recorded before " +
    '`from`: every access has its entry, written with it, so the log is complete, and a page costs the ledger ' +
    'entries since `from` (of every kind), not the whole ledger. A page reads at most ' +
    `${ACCESS_LOG_READS_PER_PAGE} ledger entries: a window where accesses are sparse among other entries may answer ` +
    'fewer accesses than `limit`, or none, with a `nextCursor` to read on. A cursor is valid for its window only.',
  roles: ['dpo', 'auditor'],
  request: { path: TenantPath, query: TenantAccessLogQuery },
  responses: { 200: { description: 'One page of the log', schema: TenantAccessLog } },
  example: { query: { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z', limit: '50' } },
});

const Hold = z.object({
  reason: z.string(),
  by: z.string(),
  at: z.string(),
  scope: z.enum(['recording', 'customer']).meta({
    description: "`recording`: its own hold; `customer`: the data subject's hold covers it",
  }),
});

export const RecordingView = z
  .object({
    tenantId: z.string(),
    centerId: z.string(),
    contactId: z.string(),
    objectKey: z.string(),
    versionId: z.string().optional(),
    format: RecordingFormat,
    contentType: z.string(),
    sizeBytes: z.number().int().nonnegative(),
    sha256: z.string().meta({ description: 'Hex SHA-256 of the stored bytes' }),
    durationSeconds: z.number().nonnegative(),
    retentionClass: RetentionClass,
    retentionDays: z.number().int().positive(),
    retentionOrigin: z.string(),
    recordedAt: z.string(),
    storedAt: z.string(),
    deleteAfter: z.string().meta({ description: 'When the retention purge deletes it, unless held' }),
    kmsKeyId: z.string(),
    customerRef: z.string().optional().meta({ description: 'The data subject (pseudonymised), while known' }),
    legalHold: z.boolean(),
    hold: Hold.optional(),
    status: z.enum(['stored', 'deleted']),
    deleted: z
      .object({
        at: z.string(),
        reason: z.enum(['retention', 'erasure']),
        by: z.string(),
        requestId: z.string().optional(),
      })
      .optional(),
  })
  .meta({ id: 'Recording' });

export const getRecordingRoute = defineRoute({
  ...common,
  method: 'GET',
  path: '/v1/tenants/{tenantId}/recordings/{contactId}',
  operationId: 'getRecording',
  summary: "A recording's metadata: size, checksum, retention, legal hold; never its bytes",
  description:
    'What is kept about the recording: format, size, SHA-256, duration, retention class and `deleteAfter`, legal ' +
    'hold, and whether it is stored or was deleted (when and why). The bytes are reached only through `POST .../access`.',
  roles: ['dpo', 'auditor', 'recording-reviewer', 'compliance-officer'],
  request: { path: RecordingPath, query: NoQuery },
  responses: {
    200: { description: 'The recording', schema: RecordingView },
    404: { description: 'No such tenant, or no recording of this contact', schema: Problem },
  },
  example: { path: { contactId: 'c-000123' } },
});
