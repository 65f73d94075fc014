/**
 * Canonical events about call recordings and data subjects (docs/events.md): a platform announces a recording it
 * holds; a data-protection workflow asks for a data subject's erasure (GDPR Art. 17).
 */
import { z } from 'zod';
import { type Clock, canonicalDetailBase, defineEvent, receivedDateTimeOf } from './envelope.js';
import { pseudonymousReference } from './personal-data.js';
import { TELEPHONY_SOURCE } from './telephony.js';

export const PRIVACY_SOURCE = 'ccc.privacy';

/** Audio formats the product stores; each is recognised from the bytes (magic numbers), never from a name. */
export const RecordingFormat = z.enum(['wav', 'mp3', 'ogg', 'opus', 'flac', 'm4a', 'webm']);
export type RecordingFormat = z.infer<typeof RecordingFormat>;

/** The agreement's recording retention classes (`retention.recordings` of the agreement). */
export const RetentionClass = z.enum(['training_qa', 'contract_proof', 'regulatory', 'complaint_evidence']);
export type RetentionClass = z.infer<typeof RetentionClass>;

/** Where the platform's copy is: `s3://bucket/key` or `https://host/path` (an allow-listed source). */
const RecordingLocation = z
  .string()
  .min(8)
  .max(2048)
  .regex(
    /^(s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+|https?:\/\/[^\s/]+\/\S*)$/,
    'must be an s3:// URI or an https:// URL',
  )
  .meta({
    description:
      "The platform's copy: `s3://<bucket>/<key>` or an `https://` URL. Only sources the deployment allows are " +
      'fetched (`RECORDING_SOURCES`); plain `http://` only for hosts listed there (loopback on one machine)',
  });

export function recordingAvailableDetailAt(clock?: Clock) {
  return canonicalDetailBase(clock).extend({
    contactId: z.string().min(1).max(128).meta({ description: 'The contact recorded: the idempotency key' }),
    location: RecordingLocation,
    format: RecordingFormat.meta({ description: 'As the platform states it; checked against the bytes' }),
    durationSeconds: z.number().finite().positive().max(86_400).meta({ description: 'Seconds, at most a day' }),
    retentionClass: RetentionClass.optional().meta({
      description: 'Which retention of the agreement applies; `training_qa` (6 months by default) when left out',
    }),
    customerRef: pseudonymousReference('customerRef')
      .optional()
      .meta({ description: 'The data subject, when the platform knows it; otherwise taken from the stored contact' }),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional()
      .meta({ description: "The platform's SHA-256 of the bytes (hex), checked when given" }),
    recordedAt: receivedDateTimeOf('When the recording started', clock).optional(),
  });
}

/**
 * A recording the platform holds, to be copied into the recordings bucket. Idempotency key: `tenantId` +
 * `contactId` (one recording per contact).
 *
 * @example events/samples/recording.available.json
 */
export const RecordingAvailableDetail = recordingAvailableDetailAt();
export type RecordingAvailableDetail = z.infer<typeof RecordingAvailableDetail>;

export const RecordingAvailable = defineEvent({
  source: TELEPHONY_SOURCE,
  detailType: 'recording.available',
  schema: RecordingAvailableDetail,
  schemaAt: recordingAvailableDetailAt,
  idempotencyKey: (d) => `recording#${d.contactId}`,
  summary:
    'A call recording the telephony platform holds: it is copied into the recordings bucket (SSE-KMS, customer ' +
    "key) with its retention computed from the agreement. Amazon Connect contact records' `Recording.Location` " +
    'produce it too.',
  idempotencyFields: ['contactId'],
});

export function erasureRequestedDetailAt(clock?: Clock) {
  return canonicalDetailBase(clock).extend({
    requestId: z.string().min(1).max(128).meta({ description: "The data-protection workflow's request id" }),
    customerRef: pseudonymousReference('customerRef').meta({ description: 'The data subject (pseudonymised)' }),
    receivedAt: receivedDateTimeOf('When the data subject asked: the one-month deadline runs from here', clock),
  });
}

/**
 * A data subject's erasure request (GDPR Art. 17), from the controller's data-protection workflow. Idempotency key:
 * `tenantId` + `requestId`.
 *
 * @example events/samples/erasure.requested.json
 */
export const ErasureRequestedDetail = erasureRequestedDetailAt();
export type ErasureRequestedDetail = z.infer<typeof ErasureRequestedDetail>;

export const ErasureRequested = defineEvent({
  source: PRIVACY_SOURCE,
  detailType: 'erasure.requested',
  schema: ErasureRequestedDetail,
  schemaAt: erasureRequestedDetailAt,
  idempotencyKey: (d) => `erasure#${d.requestId}`,
  summary:
    "A data subject's erasure request: every recording of that `customerRef` is deleted and the reference removed " +
    'from stored contacts (aggregates keep their counts), unless a legal hold applies; answered within one month.',
  idempotencyFields: ['requestId'],
});
