import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3RecordingObjectStore, StoredObjectMismatchError } from '../../../shared/adapters/recording-object-store.js';
import { RecordingSourceError } from '../../../shared/app/recordings.js';
import { NOT_AUDIO, tinyWav, wavHeader } from '../../support/audio-headers.js';

const KEY_ARN = 'arn:aws:kms:eu-west-3:111122223333:key/0f1e2d3c-aaaa-bbbb-cccc-123456789012';
const BUCKET = 'ccc-recordings-test';
const OBJECT_KEY = 't/acme-energy/2026/01/c-1.wav';
const SSE = { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: KEY_ARN, BucketKeyEnabled: true };
const MIB = 1024 * 1024;

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'eu-west-3', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

function store(options: Partial<ConstructorParameters<typeof S3RecordingObjectStore>[1]> = {}) {
  return new S3RecordingObjectStore(client, {
    bucket: BUCKET,
    kmsKeyId: KEY_ARN,
    objectLock: false,
    maxBytes: 64 * MIB,
    // lib-storage's smallest part: keeps the multipart case small.
    partSize: 5 * MIB,
    ...options,
  });
}

/** A WAV of `bytes` bytes in total, streamed in 64 KiB chunks. */
function wavOf(bytes: number): Buffer {
  const data = Buffer.alloc(bytes - 44);
  for (let i = 0; i < data.length; i++) data[i] = i % 251;
  return Buffer.concat([wavHeader(data.length), data]);
}

function streamOf(bytes: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 65_536) chunks.push(bytes.subarray(i, i + 65_536));
  return Readable.from(chunks);
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** What the staged upload received, concatenated: the object the bucket would hold. */
function staged(): Buffer {
  const single = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Body as Buffer);
  const parts = s3
    .commandCalls(UploadPartCommand)
    .sort((a, b) => (a.args[0].input.PartNumber ?? 0) - (b.args[0].input.PartNumber ?? 0))
    .map((c) => Buffer.from(c.args[0].input.Body as Uint8Array));
  return Buffer.concat([...single.map((b) => Buffer.from(b)), ...parts]);
}

beforeEach(() => {
  s3.reset();
  s3.on(PutObjectCommand).resolves({ VersionId: 'staged-v1' });
  s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
  s3.on(UploadPartCommand).callsFake((input) => ({ ETag: `"etag-${input.PartNumber}"` }));
  s3.on(CompleteMultipartUploadCommand).resolves({ VersionId: 'staged-v1' });
  s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([staged()]) }));
  s3.on(CopyObjectCommand).resolves({ VersionId: 'final-v1' });
  s3.on(DeleteObjectCommand).resolves({});
  s3.on(AbortMultipartUploadCommand).resolves({});
});

describe('Adapter: S3RecordingObjectStore.put', () => {
  it('stages a small recording with SSE-KMS, verifies it, copies it with SSE-KMS, then deletes the staged copy', async () => {
    const wav = tinyWav();

    const stored = await store().put(OBJECT_KEY, { body: streamOf(wav) }, { format: 'wav', sha256: sha(wav) });

    expect(stored).toEqual({
      objectKey: OBJECT_KEY,
      versionId: 'final-v1',
      sizeBytes: wav.length,
      sha256: sha(wav),
      format: 'wav',
      contentType: 'audio/wav',
      kmsKeyId: KEY_ARN,
    });
    const [put] = s3.commandCalls(PutObjectCommand);
    expect(put?.args[0].input).toMatchObject({ Bucket: BUCKET, ContentType: 'audio/wav', ...SSE });
    const stagingKey = put?.args[0].input.Key as string;
    expect(stagingKey).toMatch(/^staging\/[0-9a-f-]{36}$/);
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input).toMatchObject({
      Key: stagingKey,
      VersionId: 'staged-v1',
    });
    expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: BUCKET,
      Key: OBJECT_KEY,
      CopySource: `${BUCKET}/${stagingKey}?versionId=staged-v1`,
      ContentType: 'audio/wav',
      Metadata: { sha256: sha(wav) },
      ...SSE,
    });
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, Key: stagingKey, VersionId: 'staged-v1' },
    ]);
  });

  it('uploads a large recording in parts, each request of the upload asking for SSE-KMS on its creation', async () => {
    const wav = wavOf(11 * MIB + 123);

    const stored = await store().put(OBJECT_KEY, { body: streamOf(wav), contentLength: wav.length }, { format: 'wav' });

    expect(stored.sha256).toBe(sha(wav));
    expect(stored.sizeBytes).toBe(wav.length);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]?.args[0].input).toMatchObject({
      Bucket: BUCKET,
      ContentType: 'audio/wav',
      ...SSE,
    });
    expect(s3.commandCalls(UploadPartCommand)).toHaveLength(3);
    expect(sha(staged())).toBe(sha(wav));
    expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input).toMatchObject({ Key: OBJECT_KEY, ...SSE });
  });

  it('aborts the multipart upload and copies nothing when a part fails', async () => {
    s3.on(UploadPartCommand).rejects(
      Object.assign(new Error('We encountered an internal error'), { name: 'InternalError' }),
    );
    const wav = wavOf(11 * MIB);

    await expect(store().put(OBJECT_KEY, { body: streamOf(wav) }, { format: 'wav' })).rejects.toThrow(/internal error/);

    expect(s3.commandCalls(AbortMultipartUploadCommand)[0]?.args[0].input).toMatchObject({ UploadId: 'upload-1' });
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
    const stagingKey = s3.commandCalls(CreateMultipartUploadCommand)[0]?.args[0].input.Key;
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input.Key)).toEqual([stagingKey]);
  });

  it('sends nothing for bytes that are not audio, and says why (not retryable)', async () => {
    const refused = await store()
      .put(OBJECT_KEY, { body: streamOf(Buffer.concat([NOT_AUDIO.pdf, Buffer.alloc(10_000)])) }, { format: 'wav' })
      .catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(RecordingSourceError);
    expect(refused).toMatchObject({ retryable: false, message: expect.stringMatching(/not audio/) });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
  });

  it('refuses a body above the limit, announced or not, and copies nothing', async () => {
    const wav = wavOf(6 * MIB);
    const announced = await store({ maxBytes: 5 * MIB })
      .put(OBJECT_KEY, { body: streamOf(wav), contentLength: wav.length }, { format: 'wav' })
      .catch((e: unknown) => e);
    expect(announced).toMatchObject({ name: 'RecordingSourceError', retryable: false });
    expect(s3.calls()).toHaveLength(0);

    const streamed = await store({ maxBytes: 5 * MIB })
      .put(OBJECT_KEY, { body: streamOf(wav) }, { format: 'wav' })
      .catch((e: unknown) => e);
    expect(streamed).toMatchObject({ retryable: false, message: expect.stringMatching(/larger than 5242880 bytes/) });
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
  });

  it("refuses bytes that do not match the platform's SHA-256 and removes the staged copy", async () => {
    const wav = tinyWav();

    const refused = await store()
      .put(OBJECT_KEY, { body: streamOf(wav) }, { format: 'wav', sha256: 'a'.repeat(64) })
      .catch((e: unknown) => e);

    expect(refused).toMatchObject({ name: 'RecordingSourceError', retryable: false });
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
    const stagingKey = s3.commandCalls(PutObjectCommand)[0]?.args[0].input.Key;
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input.Key)).toEqual([stagingKey]);
  });

  it('does not copy a staged object that reads back other than sent', async () => {
    s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([Buffer.from('RIFF corrupted')]) }));

    await expect(store().put(OBJECT_KEY, { body: streamOf(tinyWav()) }, { format: 'wav' })).rejects.toBeInstanceOf(
      StoredObjectMismatchError,
    );
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(1);
  });

  it('reports a source that broke off as the source error it was, and leaves nothing staged', async () => {
    const body = new Readable({ read() {} });
    body.push(tinyWav(1));
    setTimeout(() => body.destroy(new RecordingSourceError('https://platform.example/r.wav broke off', true)), 20);

    const failed = await store()
      .put(OBJECT_KEY, { body }, { format: 'wav' })
      .catch((e: unknown) => e);

    expect(failed).toMatchObject({ name: 'RecordingSourceError', retryable: true });
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
  });
});

describe('Adapter: S3RecordingObjectStore presign, holds and delete', () => {
  it('presigns a GET of the stored version for at most five minutes', async () => {
    const now = new Date('2026-02-01T10:00:00Z');
    const { url, expiresAt } = await store({ now: () => now }).presign(OBJECT_KEY, 'final-v1', 3_600);

    const query = new URL(url).searchParams;
    expect(query.get('X-Amz-Expires')).toBe('300');
    expect(query.get('versionId')).toBe('final-v1');
    expect(expiresAt.toISOString()).toBe('2026-02-01T10:05:00.000Z');
    const short = await store({ now: () => now }).presign(OBJECT_KEY, undefined, 60);
    expect(new URL(short.url).searchParams.get('X-Amz-Expires')).toBe('60');
    expect(new URL(short.url).searchParams.has('versionId')).toBe(false);
  });

  it('sets and clears the Object Lock legal hold only where Object Lock is on', async () => {
    s3.on(PutObjectLegalHoldCommand).resolves({});
    await store({ objectLock: false }).setLegalHold(OBJECT_KEY, 'final-v1', true);
    expect(s3.commandCalls(PutObjectLegalHoldCommand)).toHaveLength(0);

    await store({ objectLock: true }).setLegalHold(OBJECT_KEY, 'final-v1', true);
    await store({ objectLock: true }).setLegalHold(OBJECT_KEY, 'final-v1', false);
    expect(s3.commandCalls(PutObjectLegalHoldCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, Key: OBJECT_KEY, VersionId: 'final-v1', LegalHold: { Status: 'ON' } },
      { Bucket: BUCKET, Key: OBJECT_KEY, VersionId: 'final-v1', LegalHold: { Status: 'OFF' } },
    ]);
  });

  it('deletes the stored version when it is known, the key otherwise', async () => {
    await store().delete(OBJECT_KEY, 'final-v1');
    await store().delete(OBJECT_KEY, undefined);
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, Key: OBJECT_KEY, VersionId: 'final-v1' },
      { Bucket: BUCKET, Key: OBJECT_KEY },
    ]);
  });
});
