import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, type BucketProps, ObjectLockRetention } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** The key prefix of ledger anchors (`shared/adapters/ledger-anchor-store.ts` writes `ledger-anchors/<tenant>/...`). */
export const LEDGER_ANCHOR_PREFIX = 'ledger-anchors/';

/** How long S3 server access logs are kept: a year of "who read or wrote which object", then gone. */
export const ACCESS_LOG_RETENTION = Duration.days(365);

/**
 * The fixed name of one of the product's buckets, `ccc-<stage>-<purpose>-<account>-<region>` (at most 63 characters
 * for a 16-character stage and the longest region names): fixed like the table's, so that an orphaned retained
 * bucket makes a redeployment fail loudly instead of starting an empty twin, and so that the stateless stack can
 * refer to it without a CloudFormation export.
 */
export function bucketName(stage: string, purpose: 'reports' | 'ledger-anchors', scope: Construct): string {
  const { account, region } = Stack.of(scope);
  return `ccc-${stage}-${purpose}-${account}-${region}`;
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
 * The product's buckets, all retained and private. `reports` will hold the generated reports; `ledgerAnchors` holds
 * the ledger anchors, in a bucket of their own because S3 Object Lock's default retention applies to a whole bucket:
 * here every object is write-once (compliance mode) from the moment it is written, whoever writes it, with no
 * per-object setting a writer could forget. Both are encrypted with the data key (an S3 bucket key, so S3 asks KMS
 * once per bucket key rather than once per object), versioned, TLS only, and log every request to `accessLogs`.
 */
export class ComplianceBuckets extends Construct {
  readonly accessLogs: Bucket;
  readonly reports: Bucket;
  readonly ledgerAnchors: Bucket;

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
    // The policies (TLS only, log delivery) stay with their retained buckets: a bucket left without one would accept
    // plain HTTP.
    for (const bucket of [this.accessLogs, this.reports, this.ledgerAnchors]) {
      bucket.policy?.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
  }
}
