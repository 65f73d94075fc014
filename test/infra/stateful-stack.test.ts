import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnKey } from 'aws-cdk-lib/aws-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { TENANTS_CLAIM } from '../../shared/http/principal.js';
import { ROLES } from '../../shared/http/roles.js';
import { TABLE_NAME_DEFAULT, tableDefinition } from '../../shared/store/table.js';
import { SYNTH_TIMEOUT_MS, testApp } from './support/app.js';

describe('Stack: stateful', () => {
  let template: Template;
  let keyLogicalId: string;

  beforeAll(() => {
    // Prepare
    const { stateful } = testApp();
    // Act
    template = Template.fromStack(stateful);
    keyLogicalId = stateful.getLogicalId(stateful.key.node.defaultChild as CfnKey);
  }, SYNTH_TIMEOUT_MS);

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

  describe('user pool', () => {
    const userPool = () => {
      const pools = Object.entries(template.findResources('AWS::Cognito::UserPool'));
      expect(pools).toHaveLength(1);
      const [logicalId, resource] = pools[0]!;
      return { logicalId, properties: resource.Properties as Record<string, unknown> };
    };

    it('lets only administrators create users, who sign in with their e-mail address', () => {
      expect(userPool().properties).toMatchObject({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UsernameAttributes: ['email'],
      });
    });

    it('requires MFA with an authenticator app (no SMS) and a strong password', () => {
      const { properties } = userPool();
      expect(properties).toMatchObject({ MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
      expect(properties.Policies).toMatchObject({
        PasswordPolicy: { RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true },
      });
      const policy = (properties.Policies as { PasswordPolicy: { MinimumLength: number } }).PasswordPolicy;
      expect(policy.MinimumLength).toBeGreaterThanOrEqual(12);
    });

    it('blocks risky sign-ins (Plus feature plan, threat protection enforced)', () => {
      expect(userPool().properties).toMatchObject({
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      });
    });

    it('has one group per role, named as the role, and no other', () => {
      const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup'));
      expect(groups.map((group) => group.Properties.GroupName).sort()).toEqual([...ROLES].sort());
      for (const group of groups) expect(group.Properties.UserPoolId).toEqual({ Ref: userPool().logicalId });
    });

    it('holds the tenants a user may see in the mutable custom attribute the tokens carry as custom:tenants', () => {
      expect(userPool().properties.Schema).toEqual([
        expect.objectContaining({
          Name: TENANTS_CLAIM.replace(/^custom:/, ''),
          AttributeDataType: 'String',
          Mutable: true,
        }),
      ]);
    });

    it('is deletion-protected and retained, and so are its groups', () => {
      template.hasResource('AWS::Cognito::UserPool', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
      });
      template.allResources('AWS::Cognito::UserPoolGroup', { DeletionPolicy: 'Retain' });
    });

    it('outputs the user pool id', () => {
      template.hasOutput('UserPoolId', { Value: { Ref: userPool().logicalId } });
    });
  });

  it('is the only stack that holds state: nothing in it can be deleted by CloudFormation', () => {
    const resources = template.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string }>;
    const deletable = Object.entries(resources)
      .filter(([, resource]) => resource.Type !== 'AWS::CDK::Metadata' && resource.DeletionPolicy !== 'Retain')
      .map(([logicalId]) => logicalId);
    expect(deletable).toEqual([]);
  });
});
