import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type BucketProps,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type FunctionDefinition, functionCatalog } from '../../functions/catalog.js';

/** The key prefix of ledger anchors (`shared/adapters/ledger-anchor-store.ts` writes `ledger-anchors/<tenant>/...`). */
export const LEDGER_ANCHOR_PREFIX = 'ledger-anchors/';

/**
 * The key prefixes of the recordings bucket: every tenant's recordings under `t/<tenant>/<yyyy>/<mm>/...`
 * (`recordingObjectKey` in `shared/app/recordings.ts`), and the ingestion's uploads under `staging/<uuid>` until their
 * type, size and checksum are verified and they are copied under `t/`.
 */
export const RECORDING_PREFIX = 't/';
export const RECORDING_STAGING_PREFIX = 'staging/';

/**
 * How long anything that is no longer a current recording survives: a noncurrent version (what a purge or an erasure
 * leaves if it deleted without a version id), a staged upload, an unfinished multipart upload. One day, the same
 * bound DP-REC-RETENTION puts on a recording past its date.
 */
export const RECORDING_LEFTOVER_LIFETIME = Duration.days(1);

/** How long S3 server access logs are kept: a year of "who read or wrote which object", then gone. */
export const ACCESS_LOG_RETENTION = Duration.days(365);

/**
 * The fixed name of one of the product's buckets, `ccc-<stage>-<purpose>-<account>-<region>` (at most 63 characters
 * for a 16-character stage and the longest region names): fixed like the table's, so that an orphaned retained
 * bucket makes a redeployment fail loudly instead of starting an empty twin, and so that the stateless stack can
 * refer to it without a CloudFormation export.
 */
export function bucketName(
  stage: string,
  purpose: 'reports' | 'ledger-anchors' | 'recordings',
  scope: Construct,
): string {
  const { account, region } = Stack.of(scope);
  return `ccc-${stage}-${purpose}-${account}-${region}`;
}

/** Whether a catalog entry reads recordings (`ingest` verifies and copies what it staged, `read` presigns GETs). */
export function readsRecordings(definition: FunctionDefinition): boolean {
  return (definition.recordings ?? []).some((access) => access === 'ingest' || access === 'read');
}

/** The catalog entries whose roles may read the recordings bucket, and no other principal may. */
export const RECORDING_READERS: readonly FunctionDefinition[] = functionCatalog.filter(readsRecordings);

/** IAM's limit on a role name. */
const ROLE_NAME_MAX_LENGTH = 64;

/**
 * The fixed name of a recording reader's role, `ccc-<stage>-<function>-<region>` (IAM names are per account, so the
 * region is part of it, as it is of the buckets'). Fixed so that the stateful stack's bucket policy can name the
 * readers by ARN without a reference to the stateless stack (see {@link ComplianceBuckets}).
 */
export function recordingReaderRoleName(stage: string, functionName: string, scope: Construct): string {
  const name = `ccc-${stage}-${functionName}-${Stack.of(scope).region}`;
  if (name.length > ROLE_NAME_MAX_LENGTH) {
    throw new Error(`the role name ${name} of a recording reader is longer than IAM's ${ROLE_NAME_MAX_LENGTH}`);
  }
  return name;
}

/** Options of {@link ComplianceBuckets}. */
export interface ComplianceBucketsProps {
  /** Context `stage`: part of the buckets' names. */
  stage: string;
  /** The stateful stack's data key: every object is encrypted with it. */
  dataKey: IKey;
  /** Object Lock retention of every ledger anchor (context `ledgerAnchorRetentionDays`). */
  ledgerAnchorRetentionDays: number;
}

/**
 * S3 checks the SSE headers of a request as it arrives; a header that is absent is a condition key that is absent.
 * These say "present and wrong": see {@link ComplianceBuckets.recordings} for why an absent header is not refused.
 */
const SSE = 's3:x-amz-server-side-encryption';
const SSE_KMS_KEY = 's3:x-amz-server-side-encryption-aws-kms-key-id';
const SSE_CUSTOMER_ALGORITHM = 's3:x-amz-server-side-encryption-customer-algorithm';

/**
 * The product's buckets, all retained and private. `reports` will hold the generated reports; `ledgerAnchors` holds
 * the ledger anchors, in a bucket of their own because S3 Object Lock's default retention applies to a whole bucket:
 * here every object is write-once (compliance mode) from the moment it is written, whoever writes it, with no
 * per-object setting a writer could forget; `recordings` holds the call recordings. All are encrypted with the data
 * key (an S3 bucket key, so S3 asks KMS once per bucket key rather than once per object), versioned, TLS only, and
 * log every request to `accessLogs`.
 */
export class ComplianceBuckets extends Construct {
  readonly accessLogs: Bucket;
  readonly reports: Bucket;
  readonly ledgerAnchors: Bucket;
  /**
   * The call recordings (DESIGN.md §5), under `t/<tenant>/...`. Besides what every bucket here has:
   *
   * - Object Lock is enabled, with no default retention. How long a recording is kept comes from the tenant's
   *   agreement and is enforced by the daily purge against `deleteAfter` in the table; an erasure request (GDPR
   *   Art. 17) must be able to delete a recording before that date, which a compliance-mode retention forbids and a
   *   governance-mode one allows only with a bypass right the erasing functions would then hold anyway. What Object
   *   Lock adds is the legal hold, set and released per object through the API (`manage-legal-holds`): while it is
   *   on, no delete of that version succeeds, whoever asks, and no lifecycle rule expires it.
   * - Lifecycle: a noncurrent version expires after a day (a purged or erased recording leaves no copy beyond it),
   *   and so do staged uploads (`staging/`) and unfinished multipart uploads, which a failed ingestion may leave.
   * - Encryption is enforced by the bucket policy as well as by default: an upload that asks for another algorithm
   *   (SSE-S3, DSSE-KMS), for customer-provided keys (SSE-C), or for SSE-KMS with anything but the data key (another
   *   key, or no key id, which S3 takes as the AWS-managed `aws/s3`) is denied. An upload that asks for nothing gets
   *   the default, SSE-KMS with the data key: refusing it instead would refuse every multipart upload, because
   *   UploadPart and CompleteMultipartUpload are authorised as `s3:PutObject` and carry no encryption headers (their
   *   encryption is the one CreateMultipartUpload asked for, which these statements check). CopyObject is
   *   authorised as `s3:PutObject` on the destination with the copy's own headers, so a copy is checked the same way.
   * - Only the recording functions' roles may read objects ({@link RECORDING_READERS}); see the statement for how
   *   they are named.
   */
  readonly recordings: Bucket;

  constructor(scope: Construct, id: string, props: ComplianceBucketsProps) {
    super(scope, id);
    const common: BucketProps = {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      ...common,
      // S3 delivers server access logs only to a bucket with S3-managed encryption.
      encryption: BucketEncryption.S3_MANAGED,
      lifecycleRules: [{ expiration: ACCESS_LOG_RETENTION, noncurrentVersionExpiration: Duration.days(1) }],
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason: 'This is the access-log bucket of the other buckets; logging its own requests into itself would loop.',
    });
    const encrypted: BucketProps = {
      ...common,
      encryption: BucketEncryption.KMS,
      encryptionKey: props.dataKey,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: this.accessLogs,
    };
    this.reports = new Bucket(this, 'Reports', {
      ...encrypted,
      bucketName: bucketName(props.stage, 'reports', this),
      serverAccessLogsPrefix: 'reports/',
    });
    this.ledgerAnchors = new Bucket(this, 'LedgerAnchors', {
      ...encrypted,
      bucketName: bucketName(props.stage, 'ledger-anchors', this),
      serverAccessLogsPrefix: 'ledger-anchors/',
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(props.ledgerAnchorRetentionDays)),
    });
    this.recordings = new Bucket(this, 'Recordings', {
      ...encrypted,
      bucketName: bucketName(props.stage, 'recordings', this),
      serverAccessLogsPrefix: 'recordings/',
      // TLS 1.2 at least, on top of enforceSSL's deny of plain HTTP.
      minimumTLSVersion: 1.2,
      // No ACLs: the bucket policy and IAM alone decide who reaches a recording.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      objectLockEnabled: true,
      lifecycleRules: [
        {
          id: 'NoncurrentVersions',
          noncurrentVersionExpiration: RECORDING_LEFTOVER_LIFETIME,
          // The delete markers deletions without a version id leave, once nothing is behind them.
          expiredObjectDeleteMarker: true,
        },
        { id: 'UnfinishedUploads', abortIncompleteMultipartUploadAfter: RECORDING_LEFTOVER_LIFETIME },
        { id: 'StagedUploads', prefix: RECORDING_STAGING_PREFIX, expiration: RECORDING_LEFTOVER_LIFETIME },
      ],
    });
    this.enforceRecordingEncryption(props.dataKey);
    this.restrictRecordingReads(props.stage);

    // The policies (TLS only, log delivery, encryption, readers) stay with their retained buckets: a bucket left
    // without one would accept plain HTTP.
    for (const bucket of [this.accessLogs, this.reports, this.ledgerAnchors, this.recordings]) {
      bucket.policy?.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
  }

  /** Denies uploads that ask for any encryption but SSE-KMS with the data key (see {@link recordings}). */
  private enforceRecordingEncryption(dataKey: IKey): void {
    const deny = (sid: string, conditions: Record<string, Record<string, string>>) =>
      this.recordings.addToResourcePolicy(
        new PolicyStatement({
          sid,
          effect: Effect.DENY,
          principals: [new AnyPrincipal()],
          actions: ['s3:PutObject'],
          resources: [this.recordings.arnForObjects('*')],
          conditions,
        }),
      );
    deny('DenyUploadsWithAnotherEncryption', {
      Null: { [SSE]: 'false' },
      StringNotEquals: { [SSE]: 'aws:kms' },
    });
    // The key as an ARN: S3 compares the header as given, so the writers name the key by its ARN
    // (RECORDINGS_KMS_KEY_ID), and a key id or an alias, even of the data key, is refused.
    deny('DenyUploadsWithAnotherKey', {
      Null: { [SSE]: 'false' },
      StringNotEquals: { [SSE_KMS_KEY]: dataKey.keyArn },
    });
    deny('DenyUploadsWithCustomerKeys', { Null: { [SSE_CUSTOMER_ALGORITHM]: 'false' } });
  }

  /**
   * Denies reading any object to every principal but the recording readers' roles, account administrators and the
   * root user included: a person gets a recording only through the API (a presigned URL the reading function signs,
   * so the request is made as its role).
   *
   * The readers are named by ARN, from their fixed role names ({@link recordingReaderRoleName}): the roles live in the
   * stateless stack, and a bucket can only have its policy written where the bucket is defined (the policy of an
   * imported bucket cannot be changed), so this stack derives the ARNs from the catalog instead of referring to the
   * roles. A condition (`aws:PrincipalArn`), not a principal: a principal ARN must exist when the policy is written,
   * and this stack deploys first. Not a principal tag (`aws:PrincipalTag/...`): session tags set when assuming a role
   * count as principal tags, so any principal allowed to tag its session could claim the tag.
   */
  private restrictRecordingReads(stage: string): void {
    const stack = Stack.of(this);
    const readers = RECORDING_READERS.map((definition) =>
      stack.formatArn({
        service: 'iam',
        region: '',
        resource: 'role',
        resourceName: recordingReaderRoleName(stage, definition.name, this),
      }),
    );
    this.recordings.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OnlyTheRecordingFunctionsRead',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        // Replication reads a version too: a replication rule added later could copy recordings out otherwise.
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectVersionForReplication'],
        resources: [this.recordings.arnForObjects('*')],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': readers } },
      }),
    );
  }
}
