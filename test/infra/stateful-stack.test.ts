import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnKey } from 'aws-cdk-lib/aws-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_NAME_DEFAULT, tableDefinition } from '../../shared/store/table.js';
import { testApp } from './support/app.js';

describe('Stack: stateful', () => {
  let template: Template;
  let keyLogicalId: string;

  beforeAll(() => {
    // Prepare
    const { stateful } = testApp();
    // Act
    template = Template.fromStack(stateful);
    keyLogicalId = stateful.getLogicalId(stateful.key.node.defaultChild as CfnKey);
  });

  const key = (partition: string, sort: string) => [
    { AttributeName: partition, KeyType: 'HASH' },
    { AttributeName: sort, KeyType: 'RANGE' },
  ];

  it('builds the table keys and TTL from the shared table definition', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: TABLE_NAME_DEFAULT,
      KeySchema: key(tableDefinition.partitionKey, tableDefinition.sortKey),
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('builds exactly the secondary indexes of the table definition, projecting all attributes', () => {
    const expected = tableDefinition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: key(index.partitionKey, index.sortKey),
      Projection: { ProjectionType: 'ALL' },
    }));
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: Match.exact(expected),
    });
  });

  it('declares every key attribute as a string', () => {
    const names = [
      tableDefinition.partitionKey,
      tableDefinition.sortKey,
      ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ];
    const [table] = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'));
    const definitions = table?.Properties.AttributeDefinitions as { AttributeName: string; AttributeType: string }[];
    expect(definitions.map((d) => d.AttributeName).sort()).toEqual([...names].sort());
    expect(new Set(definitions.map((d) => d.AttributeType))).toEqual(new Set(['S']));
  });

  it('protects the table: point-in-time recovery, deletion protection, retained on stack deletion', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
          }),
        ],
      }),
    });
  });

  it('encrypts the table with the customer-managed key', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [Match.objectLike({ SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [keyLogicalId, 'Arn'] } } })],
    });
  });

  it('rotates the customer-managed key and retains it', () => {
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    });
  });

  it('outputs the table name', () => {
    template.hasOutput('TableName', { Value: { Ref: Match.anyValue() } });
  });

  it('is the only stack that holds state: nothing in it can be deleted by CloudFormation', () => {
    const resources = template.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string }>;
    const deletable = Object.entries(resources)
      .filter(([, resource]) => resource.Type !== 'AWS::CDK::Metadata' && resource.DeletionPolicy !== 'Retain')
      .map(([logicalId]) => logicalId);
    expect(deletable).toEqual([]);
  });
});
