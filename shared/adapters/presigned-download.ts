/**
 * A presigned GET of one reports-bucket object that downloads under a given file name, and when it expires: the
 * evidence packs' and the monthly reports' links (shared/adapters/evidence-pack-store.ts, report-archive.ts).
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

export async function presignedDownload(
  s3: S3Client,
  object: { bucket: string; key: string; filename: string },
  seconds: number,
  now: () => Date = () => new Date(),
): Promise<{ url: string; expiresAt: Date }> {
  const signedAt = now();
  const url = await getSignedUrl(
    s3,
    new GetObjectCommand({
      Bucket: object.bucket,
      Key: object.key,
      ResponseContentDisposition: `attachment; filename="${object.filename}"`,
    }),
    { expiresIn: seconds, signingDate: signedAt },
  );
  return { url, expiresAt: new Date(signedAt.getTime() + seconds * 1000) };
}
