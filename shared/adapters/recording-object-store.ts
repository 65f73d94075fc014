/**
 * RecordingObjectStore (shared/app/recordings.ts) on the recordings bucket. A put streams the source through a gate
 * that recognises the audio type from the first bytes (before anything is sent), bounds the size and hashes
 * (SHA-256); uploads it to a staging key with `@aws-sdk/lib-storage` (multipart above one part, at most
 * `queueSize` × `partSize` bytes held); reads the staged object back and hashes it again; and only then copies it
 * to its final key and deletes the staged copy. Any failure deletes the staged copy (and aborts the multipart
 * upload), so nothing partial is ever visible under a recording's key. Every write asks for SSE-KMS with the data
 * key and an S3 Bucket Key (the bucket policy refuses any other encryption; the S3 stand-in ignores it).
 */
import { createHash, randomUUID } from 'node:crypto';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectLegalHoldCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  type RecordingFormat,
  type RecordingObjectStore,
  RecordingSourceError,
  type SourceRecording,
  type StoredObject,
} from '../app/recordings.js';
import { AUDIO_SNIFF_BYTES, type AudioRecognition, recogniseAudio } from '../domain/recording/audio-format.js';

/** Where uploads wait until verified; the bucket expires what a crash leaves there. */
export const STAGING_PREFIX = 'staging/';
/** 8 MiB parts, two in flight: at most 16 MiB of a recording in memory, whatever its size. */
export const UPLOAD_PART_BYTES = 8 * 1024 * 1024;
export const UPLOAD_QUEUE_SIZE = 2;
/** A presigned URL lives at most five minutes (ISO18295.md §2.8: access only through the API, briefly). */
export const MAX_PRESIGN_SECONDS = 300;
/** 1 GiB, as `RECORDING_MAX_BYTES` defaults to (shared/runtime/recording-config.ts). */
const DEFAULT_MAX_BYTES = 1_073_741_824;

export interface RecordingObjectStoreOptions {
  bucket: string;
  /**
   * The customer-managed key (its ARN in AWS: the bucket policy refuses anything else); required to `put`. The
   * recording functions pass `loadRecordingConfig()` (shared/runtime/recording-config.ts) whole.
   */
  kmsKeyId?: string;
  /** S3 Object Lock is on for the bucket (`RECORDING_OBJECT_LOCK=on`): holds are object legal holds too. */
  objectLock?: boolean;
  /**
   * Larger bodies are refused (default 1 GiB). A single CopyObject copies at most 5 GB (beyond that S3 needs a
   * multipart copy, UploadPartCopy), so the limit must stay below; the default does.
   */
  maxBytes?: number;
  partSize?: number;
  queueSize?: number;
  now?: () => Date;
}

type AcceptedAudio = Extract<AudioRecognition, { accepted: true }>;

/**
 * Counts, bounds and hashes what passes, and holds it back until the type is recognised from the first
 * {@link AUDIO_SNIFF_BYTES} bytes (or the whole body, when shorter): `recognition` settles then.
 */
class AudioGate extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headBytes = 0;
  private open = false;
  private settle!: { resolve: (r: AcceptedAudio) => void; reject: (e: Error) => void };
  readonly recognition = new Promise<AcceptedAudio>((resolve, reject) => {
    this.settle = { resolve, reject };
  });

  constructor(
    private readonly declared: RecordingFormat,
    private readonly maxBytes: number,
  ) {
    super();
    this.recognition.catch(() => undefined);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.byteLength;
    if (this.bytes > this.maxBytes) {
      callback(new RecordingSourceError(`the recording is larger than ${this.maxBytes} bytes`, false));
      return;
    }
    this.hash.update(chunk);
    if (this.open) {
      callback(null, chunk);
      return;
    }
    this.head.push(chunk);
    this.headBytes += chunk.byteLength;
    if (this.headBytes < AUDIO_SNIFF_BYTES) callback();
    else this.release(callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.open) callback();
    else this.release(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.settle.reject(error ?? new Error('the recording ended before its type was recognised'));
    callback(error);
  }

  digest(): string {
    return this.hash.digest('hex');
  }

  private release(callback: TransformCallback): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    recogniseAudio(head.subarray(0, AUDIO_SNIFF_BYTES), this.declared).then(
      (recognition) => {
        if (!recognition.accepted) {
          const refused = new RecordingSourceError(recognition.reason, false);
          this.settle.reject(refused);
          callback(refused);
          return;
        }
        this.open = true;
        this.settle.resolve(recognition);
        callback(null, head);
      },
      (error: Error) => {
        this.settle.reject(error);
        callback(error);
      },
    );
  }
}

/** The stored object's bytes did not read back as written: a fault of the store, retried as a whole. */
export class StoredObjectMismatchError extends Error {
  override name = 'StoredObjectMismatchError';
}

export class S3RecordingObjectStore implements RecordingObjectStore {
  private readonly now: () => Date;
  private readonly maxBytes: number;

  constructor(
    private readonly s3: S3Client,
    private readonly options: RecordingObjectStoreOptions,
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    if (this.maxBytes > 5_000_000_000) throw new RangeError('maxBytes above 5 GB needs a multipart copy');
    this.now = options.now ?? (() => new Date());
  }

  private get kmsKeyId(): string {
    if (this.options.kmsKeyId === undefined) throw new RangeError('storing a recording needs the KMS key id');
    return this.options.kmsKeyId;
  }

  private get encryption() {
    return { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: this.kmsKeyId, BucketKeyEnabled: true };
  }

  async put(
    objectKey: string,
    source: SourceRecording,
    expect: { format: RecordingFormat; sha256?: string },
  ): Promise<StoredObject> {
    const { bucket } = this.options;
    const { maxBytes, kmsKeyId } = this;
    if (source.contentLength !== undefined && source.contentLength > maxBytes) {
      source.body.destroy();
      throw new RecordingSourceError(`the recording is ${source.contentLength} bytes, above ${maxBytes}`, false);
    }
    const stagingKey = `${STAGING_PREFIX}${randomUUID()}`;
    const gate = new AudioGate(expect.format, maxBytes);
    // The source's failures (and the gate's refusals) come first: they say why, where the upload only says it stopped.
    let streamError: Error | undefined;
    const flowing = pipeline(source.body, gate).catch((error: Error) => {
      streamError = error;
    });
    let upload: Upload | undefined;
    let stagedVersion: string | undefined;
    try {
      const audio = await gate.recognition;
      upload = new Upload({
        client: this.s3,
        params: {
          Bucket: bucket,
          Key: stagingKey,
          Body: gate,
          ContentType: audio.contentType,
          ...this.encryption,
        },
        partSize: this.options.partSize ?? UPLOAD_PART_BYTES,
        queueSize: this.options.queueSize ?? UPLOAD_QUEUE_SIZE,
        leavePartsOnError: false,
      });
      const done = await upload.done();
      stagedVersion = done.VersionId;
      await flowing;
      if (streamError !== undefined) throw streamError;
      const sha256 = gate.digest();
      const sizeBytes = gate.bytes;
      if (expect.sha256 !== undefined && expect.sha256 !== sha256)
        throw new RecordingSourceError('the bytes do not match the SHA-256 the platform announced', false);
      await this.verify(stagingKey, stagedVersion, sha256, sizeBytes);
      const copied = await this.s3.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: objectKey,
          CopySource: `${bucket}/${stagingKey}${stagedVersion === undefined ? '' : `?versionId=${stagedVersion}`}`,
          MetadataDirective: 'REPLACE',
          ContentType: audio.contentType,
          Metadata: { sha256 },
          ...this.encryption,
        }),
      );
      await this.removeStaged(stagingKey, stagedVersion);
      return {
        objectKey,
        ...(copied.VersionId === undefined ? {} : { versionId: copied.VersionId }),
        sizeBytes,
        sha256,
        format: audio.format,
        contentType: audio.contentType,
        kmsKeyId,
      };
    } catch (error) {
      gate.destroy();
      await upload?.abort().catch(() => undefined);
      await flowing;
      await this.removeStaged(stagingKey, stagedVersion);
      throw streamError instanceof RecordingSourceError ? streamError : error;
    }
  }

  /** Reads the staged object back and checks its size and SHA-256 against what was sent. */
  private async verify(key: string, versionId: string | undefined, sha256: string, sizeBytes: number): Promise<void> {
    const out = await this.s3.send(
      new GetObjectCommand({ Bucket: this.options.bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
    );
    const hash = createHash('sha256');
    let read = 0;
    for await (const chunk of out.Body as Readable) {
      read += (chunk as Buffer).byteLength;
      hash.update(chunk as Buffer);
    }
    const stored = hash.digest('hex');
    if (read !== sizeBytes || stored !== sha256)
      throw new StoredObjectMismatchError(
        `the staged recording read back as ${read} bytes (SHA-256 ${stored}), not the ${sizeBytes} bytes sent (${sha256})`,
      );
  }

  /** Deletes the staged copy for good (its version when the bucket is versioned); a failure is left to the lifecycle. */
  private async removeStaged(key: string, versionId: string | undefined): Promise<void> {
    await this.s3
      .send(
        new DeleteObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          ...(versionId ? { VersionId: versionId } : {}),
        }),
      )
      .catch(() => undefined);
  }

  async presign(objectKey: string, versionId: string | undefined, seconds: number) {
    const expiresIn = Math.max(1, Math.min(MAX_PRESIGN_SECONDS, Math.floor(seconds)));
    const signedAt = this.now();
    const url = await getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.options.bucket,
        Key: objectKey,
        ...(versionId === undefined ? {} : { VersionId: versionId }),
      }),
      { expiresIn, signingDate: signedAt },
    );
    return { url, expiresAt: new Date(signedAt.getTime() + expiresIn * 1000) };
  }

  async setLegalHold(objectKey: string, versionId: string | undefined, on: boolean): Promise<void> {
    if (!this.options.objectLock) return;
    await this.s3.send(
      new PutObjectLegalHoldCommand({
        Bucket: this.options.bucket,
        Key: objectKey,
        ...(versionId === undefined ? {} : { VersionId: versionId }),
        LegalHold: { Status: on ? 'ON' : 'OFF' },
      }),
    );
  }

  async delete(objectKey: string, versionId: string | undefined): Promise<void> {
    await this.s3.send(
      new DeleteObjectCommand({
        Bucket: this.options.bucket,
        Key: objectKey,
        ...(versionId === undefined ? {} : { VersionId: versionId }),
      }),
    );
  }

  /** Whether an object is under `objectKey` (for checks by hand and tests). */
  async exists(objectKey: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: objectKey }));
      return true;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw error;
    }
  }
}
