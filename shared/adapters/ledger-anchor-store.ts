import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
} from '@aws-sdk/client-s3';
import { IDENTIFIER_PATTERN } from '../../events/envelope.js';
import type { LedgerAnchorStore } from '../app/anchor-ledgers.js';
import type { LedgerAnchor } from '../domain/ledger/hash-chain.js';
import { type ClientConfig, clientOptions } from './aws-clients.js';

const PREFIX = 'ledger-anchors';
const DIGITS = 12;
const INVERT = 10 ** DIGITS - 1;

/**
 * `ledger-anchors/<tenant>/<inverted sequence>-<sequence>-<hash>.json`: the inverted sequence makes S3's ascending
 * listing newest first (the latest anchor is one `MaxKeys=1` call), and the key alone carries what verification needs,
 * so checking a year of hourly anchors costs a few list calls, not one read per anchor. The object body repeats it,
 * with the time and the reason, for a person reading the bucket.
 */
export function anchorKey(anchor: Pick<LedgerAnchor, 'tenantId' | 'sequence' | 'hash'>): string {
  const inverted = String(INVERT - anchor.sequence).padStart(DIGITS, '0');
  return `${PREFIX}/${anchor.tenantId}/${inverted}-${String(anchor.sequence).padStart(DIGITS, '0')}-${anchor.hash}.json`;
}

const TENANT = IDENTIFIER_PATTERN.source.slice(1, -1);
const KEY = new RegExp(`^ledger-anchors/(${TENANT})/\\d{12}-(\\d{12})-([0-9a-f]{64})\\.json$`);

function fromKey(key: string | undefined, lastModified: Date | undefined): LedgerAnchor | undefined {
  const match = key === undefined ? null : KEY.exec(key);
  if (match === null) return undefined;
  return {
    tenantId: match[1] as string,
    sequence: Number(match[2]),
    hash: match[3] as string,
    anchoredAt: (lastModified ?? new Date(0)).toISOString(),
  };
}

/**
 * Anchors in S3. In AWS the bucket has Object Lock with a default retention in compliance mode, so not even the
 * account's root can delete or overwrite an anchor before it expires; Object Lock needs a checksum on every put.
 * Locally it is a bucket of the S3 stand-in, which keeps the same keys but enforces no lock.
 */
export class S3LedgerAnchorStore implements LedgerAnchorStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(anchor: LedgerAnchor & { reason: string }): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: anchorKey(anchor),
        Body: Buffer.from(`${JSON.stringify(anchor, null, 2)}\n`),
        ContentType: 'application/json',
        ChecksumAlgorithm: 'SHA256',
      }),
    );
  }

  async latest(tenantId: string): Promise<LedgerAnchor | undefined> {
    const out = await this.s3.send(
      new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${PREFIX}/${tenantId}/`, MaxKeys: 1 }),
    );
    const first = out.Contents?.[0];
    return fromKey(first?.Key, first?.LastModified);
  }

  async list(tenantId: string): Promise<LedgerAnchor[]> {
    const anchors: LedgerAnchor[] = [];
    const pages = paginateListObjectsV2({ client: this.s3 }, { Bucket: this.bucket, Prefix: `${PREFIX}/${tenantId}/` });
    for await (const page of pages)
      for (const object of page.Contents ?? []) {
        const anchor = fromKey(object.Key, object.LastModified);
        if (anchor !== undefined) anchors.push(anchor);
      }
    return anchors;
  }

  /** The stored body of an anchor (for tests and for people checking by hand). */
  async read(anchor: Pick<LedgerAnchor, 'tenantId' | 'sequence' | 'hash'>): Promise<unknown> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: anchorKey(anchor) }));
    return JSON.parse(await (out.Body as { transformToString(): Promise<string> }).transformToString());
  }
}

/** Checksums only when an operation requires them: the S3 stand-in stores streaming checksum framing as data. */
export function createS3Client(config: ClientConfig): S3Client {
  return new S3Client({
    ...clientOptions(config, config.endpoints.s3),
    forcePathStyle: config.endpoints.s3 !== undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
