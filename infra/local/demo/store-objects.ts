/** Stores demo objects (a platform's recordings) in the local S3 stand-in, a few at a time. */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import type { DemoObject } from './recordings.js';

/** The local stand-ins accept any credentials; these keep the SDK from looking for real ones. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function putDemoObjects(endpoint: string, objects: Iterable<DemoObject>, region = 'eu-west-3') {
  const s3 = new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: LOCAL_CREDENTIALS,
    // s3rver would store the SDK's aws-chunked framing as the object otherwise (infra/local/stand-ins/s3.ts).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const limit = pLimit(4);
  try {
    await Promise.all(
      [...objects].map((o) =>
        limit(() =>
          s3.send(new PutObjectCommand({ Bucket: o.bucket, Key: o.key, Body: o.body, ContentType: o.contentType })),
        ),
      ),
    );
  } finally {
    s3.destroy();
  }
}
