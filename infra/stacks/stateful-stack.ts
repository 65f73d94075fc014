import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { TABLE_NAME_DEFAULT, tableDefinition } from '../../shared/store/table.js';
import { ComplianceBuckets } from '../constructs/compliance-buckets.js';
import { ComplianceUserPool } from '../constructs/user-pool.js';

/** Options of the {@link StatefulStack}. */
export interface StatefulStackProps extends StackProps {
  /** CloudWatch Contributor Insights on the table (costs money; useful to find hot tenants). */
  contributorInsights?: boolean;
  /** Context `stage`: part of the buckets' names. */
  stage: string;
  /** Object Lock retention of the ledger anchors (context `ledgerAnchorRetentionDays`). */
  ledgerAnchorRetentionDays: number;
}

/**
 * What must outlive any deployment: the customer-managed key, the single table and the users (the Cognito user pool
 * with its role groups). Every resource here is retained on stack deletion and protected against accidental
 * replacement, so the stateless stack can be torn down and redeployed freely: also the recordings, reports and
 * ledger-anchor buckets (and their access-log bucket).
 */
export class StatefulStack extends Stack {
  /** Encrypts the table, the API's cursor-signing secret and the recordings, reports and ledger-anchor buckets. */
  readonly key: Key;
  readonly table: TableV2;
  /** Who may call the API, with their roles (groups) and tenants (a custom attribute). */
  readonly users: ComplianceUserPool;
  /** Recordings, reports, write-once ledger anchors, and the access log of all three. */
  readonly buckets: ComplianceBuckets;
  /**
   * The table's physical name, a plain string: the stateless stack imports the table by name instead of through a
   * CloudFormation export, so that it can be changed without touching this stack.
   */
  readonly tableName = TABLE_NAME_DEFAULT;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    this.key = new Key(this, 'DataKey', {
      description: 'Customer-managed key for contact-centre compliance data (table, recordings, reports)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // A key scheduled for deletion by mistake can still be cancelled during this window.
      pendingWindow: Duration.days(30),
    });

    const attribute = (name: string) => ({ name, type: AttributeType.STRING });
    // A fixed name: if this retained table is ever orphaned, a redeploy fails loudly instead of creating an empty twin.
    this.table = new TableV2(this, 'Table', {
      tableName: this.tableName,
      partitionKey: attribute(tableDefinition.partitionKey),
      sortKey: attribute(tableDefinition.sortKey),
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      globalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
      })),
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      contributorInsightsSpecification: props.contributorInsights ? { enabled: true } : undefined,
    });

    this.users = new ComplianceUserPool(this, 'Users');
    this.buckets = new ComplianceBuckets(this, 'Buckets', {
      stage: props.stage,
      dataKey: this.key,
      ledgerAnchorRetentionDays: props.ledgerAnchorRetentionDays,
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The single compliance table' });
    new CfnOutput(this, 'UserPoolId', {
      value: this.users.userPool.userPoolId,
      description: 'Create users here; add them to role groups and set custom:tenants',
    });
    new CfnOutput(this, 'RecordingsBucket', {
      value: this.buckets.recordings.bucketName,
      description: 'Call recordings (SSE-KMS with the data key, Object Lock legal holds); read only through the API',
    });
    new CfnOutput(this, 'LedgerAnchorBucket', {
      value: this.buckets.ledgerAnchors.bucketName,
      description: 'Write-once copies of every tenant ledger head (S3 Object Lock, compliance mode)',
    });
  }
}
