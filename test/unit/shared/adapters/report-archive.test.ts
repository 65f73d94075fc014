/**
 * S3ReportArchive against a mocked S3 client: each file is one PutObject under SSE-KMS with the data key (the bucket's
 * default encryption otherwise), and a presigned link downloads under the file's own name for five minutes.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3ReportArchive } from '../../../../shared/adapters/report-archive.js';

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'eu-west-3', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const key = 'reports/acme/2026-10/v1/report.pdf';

beforeEach(() => s3.reset());

describe('S3ReportArchive', () => {
  it('puts each file encrypted with the data key when one is given, with the bucket default otherwise', async () => {
    s3.on(PutObjectCommand).resolves({});
    const body = new Uint8Array([37, 80, 68, 70]);
    await new S3ReportArchive(client, { bucket: 'reports', kmsKeyId: 'arn:aws:kms:eu-west-3:1:key/k' }).put(
      key,
      body,
      'application/pdf',
    );
    await new S3ReportArchive(client, { bucket: 'reports' }).put(key, body, 'application/pdf');
    const [withKey, withDefault] = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(withKey).toMatchObject({
      Bucket: 'reports',
      Key: key,
      ContentType: 'application/pdf',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'arn:aws:kms:eu-west-3:1:key/k',
    });
    expect(withDefault).not.toHaveProperty('ServerSideEncryption');
  });

  it('presigns a five-minute GET that downloads under the file name', async () => {
    const now = new Date('2026-11-02T06:00:00Z');
    const link = await new S3ReportArchive(client, { bucket: 'reports', now: () => now }).presign(
      key,
      300,
      'report.pdf',
    );
    const url = new URL(link.url);
    expect(url.pathname).toContain('/reports/acme/2026-10/v1/report.pdf');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('response-content-disposition')).toBe('attachment; filename="report.pdf"');
    expect(link.expiresAt.toISOString()).toBe('2026-11-02T06:05:00.000Z');
  });
});
