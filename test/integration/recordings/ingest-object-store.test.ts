/**
 * The recording object store (shared/adapters/recording-object-store.ts) against the S3 stand-in: a multipart upload
 * arrives byte-identical under its final key, and a body that is refused (not audio, too large, cut off) leaves
 * nothing, neither under the final key nor under `staging/`. SSE-KMS, which the stand-in ignores, is asserted on the
 * requests in test/unit/adapters/recording-object-store.test.ts.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../../shared/adapters/ledger-anchor-store.js';
import { S3RecordingObjectStore } from '../../../shared/adapters/recording-object-store.js';
import { RecordingSourceError } from '../../../shared/app/recordings.js';
import { NOT_AUDIO, wavHeader } from '../../support/audio-headers.js';
import { standInConfig } from '../../support/stand-ins.js';

const MB = 1_000_000;
let s3: S3Client;
let bucket: string;

/** A WAV of `bytes` bytes with varied samples, streamed in 64 KiB chunks as a network body would be. */
function wavStream(bytes: number): { body: Readable; sha256: string } {
  const header = wavHeader(bytes - 44);
  const hash = createHash('sha256').update(header);
  const chunks: Buffer[] = [header];
  for (let offset = 44; offset < bytes; offset += 65_536) {
    const chunk = Buffer.alloc(Math.min(65_536, bytes - offset));
    for (let i = 0; i < chunk.length; i++) chunk[i] = (offset + i) % 253;
    hash.update(chunk);
    chunks.push(chunk);
  }
  return { body: Readable.from(chunks), sha256: hash.digest('hex') };
}

function objectStore(maxBytes = 64 * MB) {
  return new S3RecordingObjectStore(s3, { bucket, kmsKeyId: 'alias/ccc-test-data', objectLock: false, maxBytes });
}

async function keysUnder(prefix: string): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key as string);
}

async function exists(key: string): Promise<boolean> {
  return s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  s3 = createS3Client(standInConfig());
  bucket = `rec-${randomUUID().slice(0, 8)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

describe('Adapter: S3RecordingObjectStore against the S3 stand-in', () => {
  it('copies a 20 MB recording in parts, byte-identical, and leaves no staged copy', async () => {
    const { body, sha256 } = wavStream(20 * MB);
    const key = 't/acme/2026/01/big.wav';

    const stored = await objectStore().put(key, { body }, { format: 'wav', sha256 });

    expect(stored).toMatchObject({
      objectKey: key,
      sizeBytes: 20 * MB,
      sha256,
      format: 'wav',
      contentType: 'audio/wav',
    });
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of out.Body as Readable) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    expect({ size, sha256: hash.digest('hex') }).toEqual({ size: 20 * MB, sha256 });
    expect(out.ContentType).toBe('audio/wav');
    expect(await keysUnder('staging/')).toEqual([]);
  });

  it('refuses a body that is not audio: nothing under the final key nor under staging/', async () => {
    const key = 't/acme/2026/01/not-audio.wav';
    const body = Readable.from([NOT_AUDIO.pdf, Buffer.alloc(9 * MB)]);

    const refused = await objectStore()
      .put(key, { body }, { format: 'wav' })
      .catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(RecordingSourceError);
    expect(refused).toMatchObject({ retryable: false, message: expect.stringMatching(/^the bytes are not audio/) });
    expect(await exists(key)).toBe(false);
    expect(await keysUnder('staging/')).toEqual([]);
  });

  it('refuses a body above the limit once past it, multipart upload aborted, nothing left', async () => {
    const key = 't/acme/2026/01/too-large.wav';
    const { body } = wavStream(30 * MB);

    const refused = await objectStore(12 * MB)
      .put(key, { body }, { format: 'wav' })
      .catch((e: unknown) => e);

    expect(refused).toMatchObject({ name: 'RecordingSourceError', retryable: false });
    expect((refused as Error).message).toMatch(/larger than 12000000 bytes/);
    expect(await exists(key)).toBe(false);
    expect(await keysUnder('staging/')).toEqual([]);
  });

  it('leaves nothing when the source breaks off halfway', async () => {
    const key = 't/acme/2026/01/cut.wav';
    async function* cut() {
      yield wavHeader(20 * MB);
      yield Buffer.alloc(10 * MB, 1);
      throw new RecordingSourceError('https://platform.example/cut.wav broke off', true);
    }

    const failed = await objectStore()
      .put(key, { body: Readable.from(cut()) }, { format: 'wav' })
      .catch((e: unknown) => e);

    expect(failed).toMatchObject({ name: 'RecordingSourceError', retryable: true });
    expect(await exists(key)).toBe(false);
    expect(await keysUnder('staging/')).toEqual([]);
  });

  it('presigns a URL that fetches the stored bytes from the stand-in', async () => {
    const { body, sha256 } = wavStream(100_000);
    const key = 't/acme/2026/01/presigned.wav';
    await objectStore().put(key, { body }, { format: 'wav' });

    const { url } = await objectStore().presign(key, undefined, 60);
    const response = await fetch(url);

    expect(response.status).toBe(200);
    expect(
      createHash('sha256')
        .update(Buffer.from(await response.arrayBuffer()))
        .digest('hex'),
    ).toBe(sha256);
  });
});
