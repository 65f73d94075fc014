/**
 * PackStore (shared/app/evidence-pack.ts) on the reports bucket: a pack is streamed with `@aws-sdk/lib-storage`
 * (multipart above one part, at most `queueSize` × `partSize` bytes held whatever the pack's size), encrypted with
 * SSE-KMS under the data key, and read back only through a presigned GET that lives a few minutes.
 */
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { PackStore } from '../app/evidence-pack.js';
import { presignedDownload } from './presigned-download.js';

/** 8 MiB parts, two in flight: 16 MiB of a pack in memory at most. */
const PART_BYTES = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

export interface S3EvidencePackStoreOptions {
  bucket: string;
  /**
   * The data key's ARN, asked for explicitly on every put; without it the bucket's default encryption applies
   * (SSE-KMS with the same key in AWS, infra/constructs/compliance-buckets.ts; nothing on the S3 stand-in).
   */
  kmsKeyId?: string;
  now?: () => Date;
}

export class S3EvidencePackStore implements PackStore {
  constructor(
    private readonly s3: S3Client,
    private readonly options: S3EvidencePackStoreOptions,
  ) {}

  async put(key: string, body: AsyncIterable<Uint8Array>): Promise<void> {
    const upload = new Upload({
      client: this.s3,
      params: {
        Bucket: this.options.bucket,
        Key: key,
        Body: Readable.from(body, { objectMode: false }),
        ContentType: 'application/zip',
        ...(this.options.kmsKeyId === undefined
          ? {}
          : { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: this.options.kmsKeyId, BucketKeyEnabled: true }),
      },
      partSize: PART_BYTES,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async presign(key: string, seconds: number) {
    return presignedDownload(
      this.s3,
      { bucket: this.options.bucket, key, filename: key.split('/').at(-1)?.replaceAll(':', '') ?? key },
      seconds,
      this.options.now,
    );
  }
}
