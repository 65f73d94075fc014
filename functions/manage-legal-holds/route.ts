import { z } from 'zod';
import { pseudonymousReference } from '../../events/personal-data.js';
import { defineRoute } from '../../shared/http/api-route.js';
import { NoQuery, Problem, TenantPath } from '../../shared/http/common-schemas.js';
import { RecordingPath } from '../request-recording-access/route.js';

const common = {
  function: 'manage-legal-holds',
  tags: ['data protection'],
  authorization: 'jwt' as const,
  roles: ['dpo'] as const,
};

export const CustomerPath = TenantPath.extend({
  customerRef: pseudonymousReference('customerRef').meta({
    description: 'The data subject (pseudonymised reference)',
    example: 'cust-7f3a9c',
  }),
});

export const LegalHoldBody = z
  .strictObject({
    reason: z
      .string()
      .trim()
      .min(3)
      .max(500)
      .meta({
        description:
          'Why the hold is set or released: a case, a litigation or an authority request reference. Kept in the ' +
          'evidence ledger for good: no personal data',
      }),
  })
  .meta({ id: 'LegalHoldBody' });

const Hold = z.object({
  reason: z.string(),
  by: z.string(),
  at: z.string(),
  scope: z.enum(['recording', 'customer']),
});

export const RecordingLegalHold = z
  .object({
    tenantId: z.string(),
    contactId: z.string(),
    legalHold: z
      .boolean()
      .meta({ description: "Whether the recording is held now (by its own hold or its subject's)" }),
    hold: Hold.optional(),
    outcome: z.enum(['set', 'released', 'unchanged', 'still-held']).meta({
      description:
        "`unchanged`: it already was so, no entry written; `still-held`: its own hold is released, the data subject's " +
        'hold still covers it',
    }),
    detail: z.string(),
  })
  .meta({ id: 'RecordingLegalHold' });

export const CustomerLegalHold = z
  .object({
    tenantId: z.string(),
    customerRef: z.string(),
    legalHold: z.boolean(),
    hold: z.object({ reason: z.string(), by: z.string(), at: z.string() }).optional(),
    outcome: z.enum(['set', 'released', 'unchanged']),
    changed: z.array(z.string()).meta({ description: 'Contact ids whose recording this call held or released' }),
    unchanged: z.array(z.string()).meta({
      description: 'Contact ids left as they were: already held (set), or held by a hold of their own (release)',
    }),
    ledgerSequences: z.array(z.number().int().positive()).meta({
      description: 'The entries written, one per transaction of at most 97 recordings',
    }),
    detail: z.string(),
  })
  .meta({ id: 'CustomerLegalHold' });

const recordingResponses = {
  200: {
    description: "Already so (no entry written), released, or still held by the subject's hold",
    schema: RecordingLegalHold,
  },
  404: { description: 'No such tenant, or no recording of this contact', schema: Problem },
  410: { description: 'The recording was deleted', schema: Problem },
  503: { description: 'The store is busy or unavailable; retry after `Retry-After`', schema: Problem },
};

export const setRecordingHoldRoute = defineRoute({
  ...common,
  method: 'PUT',
  path: '/v1/tenants/{tenantId}/recordings/{contactId}/legal-hold',
  operationId: 'setRecordingLegalHold',
  summary: 'Put a recording on legal hold: it is not deleted (retention, erasure) until released',
  description:
    "Sets the recording's own legal hold (GDPR Art. 17(3)): it leaves the retention purge, erasure requests are " +
    'refused while it stands, and in AWS the object gets an S3 Object Lock legal hold. The change and its entry ' +
    '(`recording.legal-hold-set`) are one transaction. A recording that has a hold of its own already answers 200 ' +
    'and writes nothing. Access stays possible.',
  request: { path: RecordingPath, query: NoQuery, body: LegalHoldBody },
  responses: { ...recordingResponses, 201: { description: 'The hold is set', schema: RecordingLegalHold } },
  example: { path: { contactId: 'c-000123' }, body: { reason: 'Litigation 2026-118' } },
});

export const releaseRecordingHoldRoute = defineRoute({
  ...common,
  method: 'DELETE',
  path: '/v1/tenants/{tenantId}/recordings/{contactId}/legal-hold',
  operationId: 'releaseRecordingLegalHold',
  summary: "Release a recording's own legal hold",
  description:
    "Releases the recording's own hold (`recording.legal-hold-released`); retention applies again, and a recording " +
    'already past its `deleteAfter` is deleted by the next daily purge. If a hold on its data subject stands, the ' +
    'recording stays held under that one (`still-held`). A recording without a hold of its own answers `unchanged`.',
  request: { path: RecordingPath, query: NoQuery, body: LegalHoldBody },
  responses: recordingResponses,
  example: { path: { contactId: 'c-000123' }, body: { reason: 'Litigation settled' } },
});

const customerResponses = {
  200: { description: 'Done, or already so (`unchanged`, nothing written)', schema: CustomerLegalHold },
  503: { description: 'The store is busy or unavailable; retry after `Retry-After`', schema: Problem },
};

export const setCustomerHoldRoute = defineRoute({
  ...common,
  method: 'PUT',
  path: '/v1/tenants/{tenantId}/customers/{customerRef}/legal-hold',
  operationId: 'setCustomerLegalHold',
  summary: 'Put every recording of a data subject on legal hold, present and future',
  description:
    'Holds every stored recording of `customerRef` and every one that arrives later. Recordings are changed in ' +
    'transactions of at most 97, each with its `recording.legal-hold-set` entry (the hold itself is written with the ' +
    'first); if a call fails midway, sending it again completes it. The entries name the recordings, not the data ' +
    'subject (the ledger cannot be erased); their content hashes commit to the hold. A hold that exists with every ' +
    'recording held answers 200 `unchanged` and writes nothing.',
  request: { path: CustomerPath, query: NoQuery, body: LegalHoldBody },
  responses: { ...customerResponses, 201: { description: 'The hold is set', schema: CustomerLegalHold } },
  example: { path: { customerRef: 'cust-7f3a9c' }, body: { reason: 'Authority request 2026-04' } },
});

export const releaseCustomerHoldRoute = defineRoute({
  ...common,
  method: 'DELETE',
  path: '/v1/tenants/{tenantId}/customers/{customerRef}/legal-hold',
  operationId: 'releaseCustomerLegalHold',
  summary: "Release a data subject's legal hold",
  description:
    "Removes the data subject's hold and releases the recordings it held (chunked like the PUT, " +
    '`recording.legal-hold-released`); recordings with a hold of their own stay held and are listed in `unchanged`.',
  request: { path: CustomerPath, query: NoQuery, body: LegalHoldBody },
  responses: customerResponses,
  example: { path: { customerRef: 'cust-7f3a9c' }, body: { reason: 'Authority request closed' } },
});
