/**
 * Deletes recording objects from the recordings bucket: the one operation of the RecordingObjectStore port
 * (shared/app/recordings.ts) the purge and erasures need, until they are wired to the full adapter.
 */
import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { RecordingObjectStore } from '../app/recordings.js';

export class S3RecordingObjectDeleter implements Pick<RecordingObjectStore, 'delete'> {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  /** Deletes the given version for good (no delete marker, no noncurrent copy); an absent object is fine. */
  async delete(objectKey: string, versionId: string | undefined): Promise<void> {
    await this.s3.send(
      new DeleteObjectCommand({
        Bucket: this.bucket,
        Key: objectKey,
        ...(versionId === undefined ? {} : { VersionId: versionId }),
      }),
    );
  }
}
