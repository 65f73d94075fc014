/**
 * The recording functions' configuration, read at cold start like shared/runtime/config.ts: a missing or malformed
 * variable fails the init with every problem named. Set by the stack in AWS and by infra/local/system.ts locally.
 */
import { z } from 'zod';
import { ConfigurationError } from '../app/configuration-error.js';
import { parseRecordingSources, type RecordingSourceAllowList } from '../domain/recording/source-allow-list.js';

export interface RecordingConfig {
  /** `RECORDINGS_BUCKET`. */
  bucket: string;
  /** `RECORDINGS_KMS_KEY_ID`: the customer-managed key every object is encrypted with (its ARN in AWS). */
  kmsKeyId: string;
  /** `RECORDING_SOURCES`: where recordings may be fetched from. */
  sources: RecordingSourceAllowList;
  /** `RECORDING_OBJECT_LOCK=on`: the bucket has S3 Object Lock, so holds are object legal holds too. */
  objectLock: boolean;
  /** `RECORDING_MAX_BYTES`, default 1 GiB: larger recordings are refused. */
  maxBytes: number;
  /** `RECORDING_ACCESS_URL_SECONDS`, default and at most 300: how long a presigned URL lives. */
  accessUrlSeconds: number;
  /** `RECORDING_ACCESS_HOURLY_LIMIT`, default 10: more recordings by one person in an hour is unusual. */
  accessHourlyLimit: number;
}

/** 1 GiB: hours of compressed audio, over an hour of 8 kHz stereo WAV, and well below the 5 GB of one CopyObject. */
export const DEFAULT_RECORDING_MAX_BYTES = 1_073_741_824;
export const MAX_ACCESS_URL_SECONDS = 300;

const Blank = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));
const Required = Blank.pipe(z.string({ error: 'is required' }));
const whole = (fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  Blank.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().positive('must be positive').max(max, `must be at most ${max}`))
      .optional(),
  ).transform((value) => value ?? fallback);

const RecordingEnvironment = z.object({
  RECORDINGS_BUCKET: Required,
  RECORDINGS_KMS_KEY_ID: Required,
  // Set, but possibly empty: a deployment that names no source refuses every announced recording with that reason
  // instead of failing its cold start.
  RECORDING_SOURCES: z.string({ error: 'is required (empty when no source is allowed)' }).transform((list, ctx) => {
    try {
      return parseRecordingSources(list);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  }),
  RECORDING_OBJECT_LOCK: Blank.pipe(z.enum(['on', 'off'], { error: 'must be on or off' }).optional()),
  RECORDING_MAX_BYTES: whole(DEFAULT_RECORDING_MAX_BYTES, 5_000_000_000),
  RECORDING_ACCESS_URL_SECONDS: whole(MAX_ACCESS_URL_SECONDS, MAX_ACCESS_URL_SECONDS),
  RECORDING_ACCESS_HOURLY_LIMIT: whole(10),
});

export function loadRecordingConfig(env: NodeJS.ProcessEnv = process.env): RecordingConfig {
  const parsed = RecordingEnvironment.safeParse(env);
  if (!parsed.success)
    throw new ConfigurationError(
      `environment variable ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  const e = parsed.data;
  return {
    bucket: e.RECORDINGS_BUCKET,
    kmsKeyId: e.RECORDINGS_KMS_KEY_ID,
    sources: e.RECORDING_SOURCES,
    objectLock: e.RECORDING_OBJECT_LOCK === 'on',
    maxBytes: e.RECORDING_MAX_BYTES,
    accessUrlSeconds: e.RECORDING_ACCESS_URL_SECONDS,
    accessHourlyLimit: e.RECORDING_ACCESS_HOURLY_LIMIT,
  };
}
