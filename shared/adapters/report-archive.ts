/**
 * ReportArchive (shared/app/monthly-reports.ts) on the reports bucket's `reports/` objects: a report's files are
 * small (a PDF and a few PNGs and CSVs), so each is one PutObject, encrypted with SSE-KMS under the data key, and
 * read back by the producer (a retried delivery sends the archived message) or through a presigned GET.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ReportArchive } from '../app/monthly-reports.js';
import { presignedDownload } from './presigned-download.js';

export interface S3ReportArchiveOptions {
  bucket: string;
  /** The data key's ARN, asked for on every put; without it the bucket's default encryption applies. */
  kmsKeyId?: string;
  now?: () => Date;
}

export class S3ReportArchive implements ReportArchive {
  constructor(
    private readonly s3: S3Client,
    private readonly options: S3ReportArchiveOptions,
  ) {}

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    const { bucket, kmsKeyId } = this.options;
    await this.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ...(kmsKeyId === undefined
          ? {}
          : { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: kmsKeyId, BucketKeyEnabled: true }),
      }),
    );
  }

  async get(key: string): Promise<Uint8Array> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
    if (out.Body === undefined) throw new Error(`reports object ${key} has no body`);
    return out.Body.transformToByteArray();
  }

  async presign(key: string, seconds: number, filename: string) {
    return presignedDownload(
      this.s3,
      { bucket: this.options.bucket, key, filename: filename.replaceAll(/[^\w.-]/g, '_') },
      seconds,
      this.options.now,
    );
  }
}
