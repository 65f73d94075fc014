/**
 * Least privilege and encryption, asserted over every function of the catalog (one synthesis for the whole file):
 * what each role may do to the table, the ledger and the anchors; the tenant-access role; the customer-managed keys
 * of the bus, the archive, the logs and the queues; the buckets of the stateful stack.
 */
import type { CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionCatalog } from '../../functions/catalog.js';
import { schedules } from '../../functions/schedules.js';
import { ARCHIVE_RETENTION_MAX_DAYS, LEDGER_ANCHOR_RETENTION_DEFAULT_DAYS } from '../../infra/config.js';
import { operationsKey } from '../../infra/constructs/operations-key.js';
import type { StatefulStack } from '../../infra/stacks/stateful-stack.js';
import { type StatelessStack, servesApiRoutes } from '../../infra/stacks/stateless-stack.js';
import { SYNTH_TIMEOUT_MS, TEST_ENV, testApp } from './support/app.js';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown; Sid?: string };
type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

const actionsOf = (statement: Statement) => [statement.Action].flat();
/** An ARN as IAM sees it in the test environment: partition references and joins resolved. */
function flat(value: unknown): string {
  if (typeof value === 'string') return value;
  const node = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
  if (node.Ref === 'AWS::Partition') return 'aws';
  if (node['Fn::Join']) return node['Fn::Join'][1].map(flat).join(node['Fn::Join'][0]);
  return JSON.stringify(value);
}
const routeFunctionsUsingTheTable = functionCatalog.filter((fn) => servesApiRoutes(fn.name) && fn.table !== 'none');
const TABLE_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

describe('Least privilege and encryption', () => {
  let stateless: StatelessStack;
  let stateful: StatefulStack;
  let template: Template;
  let statefulTemplate: Template;
  let resources: Record<string, Resource>;
  const id = (stack: StatelessStack | StatefulStack, construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnResource);
  const fn = (name: string) => stateless.functions.get(name)!;
  const roleId = (name: string) => id(stateless, fn(name).function.role as never);

  /** Every statement of the inline policies attached to a role (by logical id). */
  function policyOf(role: string): Statement[] {
    return Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(JSON.stringify({ Ref: role })))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
  }
  const allowed = (role: string) =>
    policyOf(role)
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap(actionsOf);
  const environmentOf = (name: string) => {
    const properties = resources[id(stateless, fn(name).function)]?.Properties;
    return (properties?.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables ?? {};
  };

  beforeAll(() => {
    const app = testApp();
    stateless = app.stateless;
    stateful = app.stateful;
    template = Template.fromStack(stateless);
    statefulTemplate = Template.fromStack(stateful);
    resources = template.toJSON().Resources;
  }, SYNTH_TIMEOUT_MS);

  describe('the table', () => {
    const roles = () => Object.keys(template.findResources('AWS::IAM::Role'));

    it('lets no role scan the table, batch-write it, or use PartiQL', () => {
      for (const role of roles()) {
        const actions = allowed(role);
        expect(actions).not.toContain('dynamodb:Scan');
        expect(actions).not.toContain('dynamodb:BatchWriteItem');
        expect(actions.filter((action) => action.startsWith('dynamodb:PartiQL'))).toEqual([]);
      }
    });

    it.each(functionCatalog.filter((definition) => definition.table === 'read').map((d) => [d.name] as const))(
      '%s (read-only) may not write or delete',
      (name) => {
        const actions = allowed(roleId(name));
        expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
        expect(actions.filter((action) => TABLE_WRITES.includes(action))).toEqual([]);
      },
    );

    it('lets get-health describe the table for its probe, and reach no item', () => {
      const statements = policyOf(roleId('get-health')).filter((statement) => statement.Effect === 'Allow');
      const onTheTable = statements.filter((statement) => actionsOf(statement).some((a) => a.startsWith('dynamodb:')));
      expect(onTheTable.flatMap(actionsOf)).toEqual(['dynamodb:DescribeTable']);
      expect(JSON.stringify(onTheTable[0]?.Resource)).not.toContain('index');
    });

    it('lets only the functions whose entry says so delete items, and none today', () => {
      for (const definition of functionCatalog) {
        expect(allowed(roleId(definition.name)).includes('dynamodb:DeleteItem')).toBe(definition.deletes !== undefined);
      }
    });

    it.each(functionCatalog.map((definition) => [definition.name, definition] as const))(
      '%s may never delete ledger entries, whatever else it is granted',
      (name, definition) => {
        const deny = policyOf(roleId(name)).find((statement) => statement.Effect === 'Deny');
        if (definition.deletes === 'ledger') return expect(deny).toBeUndefined();
        expect(deny).toMatchObject({
          Action: expect.arrayContaining(['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:PartiQLDelete']),
          Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['T#*#LEDGER'] } },
        });
        expect(JSON.stringify(deny?.Resource)).toMatch(/:table\/ccc-compliance"/);
      },
    );
  });

  describe('the cursor-signing secret', () => {
    it.each([['get-health'], ['serve-api-docs']])('%s cannot read it', (name) => {
      const actions = allowed(roleId(name));
      expect(actions.filter((action) => action.startsWith('secretsmanager:'))).toEqual([]);
      expect(actions).not.toContain('kms:Decrypt');
      expect(environmentOf(name)).not.toHaveProperty('CURSOR_SECRET_ARN');
    });
  });

  describe('the tenant-access role', () => {
    const tenantRole = () => id(stateless, stateless.tenantAccess.role);

    it('may be assumed only by the API route functions that use the table, with tenant session names', () => {
      const trust = resources[tenantRole()]?.Properties.AssumeRolePolicyDocument as { Statement: Statement[] };
      expect(trust.Statement).toHaveLength(1);
      const [statement] = trust.Statement as [Statement & { Principal: { AWS: unknown } }];
      expect(statement).toMatchObject({
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Condition: { StringLike: { 'sts:RoleSessionName': 'tenant-*' } },
      });
      const principals = [statement.Principal.AWS].flat().map((arn) => JSON.stringify(arn));
      const expected = routeFunctionsUsingTheTable.map((definition) =>
        JSON.stringify({ 'Fn::GetAtt': [roleId(definition.name), 'Arn'] }),
      );
      expect(principals.sort()).toEqual(expected.sort());
    });

    it('allows no scan, no delete, no batch write, and never a ledger delete', () => {
      const actions = allowed(tenantRole());
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']));
      for (const action of ['dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) {
        expect(actions).not.toContain(action);
      }
      expect(policyOf(tenantRole()).some((statement) => statement.Effect === 'Deny')).toBe(true);
    });

    it.each(functionCatalog.map((definition) => [definition.name, definition] as const))(
      '%s may assume it exactly when it serves routes and uses the table',
      (name, definition) => {
        const assumes = policyOf(roleId(name)).filter((statement) => actionsOf(statement).includes('sts:AssumeRole'));
        const expected = servesApiRoutes(name) && definition.table !== 'none';
        expect(assumes.map((statement) => statement.Resource)).toEqual(
          expected ? [{ 'Fn::GetAtt': [tenantRole(), 'Arn'] }] : [],
        );
        const env = environmentOf(name);
        if (!expected) return expect(env).not.toHaveProperty('TENANT_ACCESS_ROLE_ARN');
        expect(env).toMatchObject({
          TENANT_ACCESS_ROLE_ARN: { 'Fn::GetAtt': [tenantRole(), 'Arn'] },
          TABLE_ACCESS: definition.table,
        });
      },
    );
  });

  describe('customer-managed keys', () => {
    const keyArn = () => ({ 'Fn::GetAtt': [id(stateless, operationsKey(stateless)), 'Arn'] });
    const keyPolicy = () => {
      const properties = resources[id(stateless, operationsKey(stateless))]?.Properties;
      return (properties?.KeyPolicy as { Statement: Statement[] } | undefined)?.Statement ?? [];
    };
    const statementFor = (service: string) =>
      keyPolicy().filter((statement) => JSON.stringify(statement).includes(`"Service":"${service}"`));

    it('encrypt the bus and its archive, which keeps events at most a month', () => {
      template.hasResourceProperties('AWS::Events::EventBus', { KmsKeyIdentifier: keyArn() });
      template.hasResourceProperties('AWS::Events::Archive', {
        KmsKeyIdentifier: keyArn(),
        RetentionDays: ARCHIVE_RETENTION_MAX_DAYS,
      });
    });

    it("encrypt every log group: each function log, the API access log and the dashboard deployment's log", () => {
      const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
      expect(groups.length).toBe(functionCatalog.length + 2);
      for (const group of groups)
        expect(group.Properties.KmsKeyId).toMatchObject({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
    });

    it('encrypt every queue with the operations key', () => {
      const queues = Object.values(template.findResources('AWS::SQS::Queue'));
      expect(queues.length).toBeGreaterThan(0);
      for (const queue of queues) {
        expect(queue.Properties.KmsMasterKeyId).toEqual(keyArn());
        expect(queue.Properties.SqsManagedSseEnabled).toBeUndefined();
      }
    });

    it("let the services use the key, each only for this account's resources, and rotate it", () => {
      expect(resources[id(stateless, operationsKey(stateless))]?.Properties.EnableKeyRotation).toBe(true);
      const logs = statementFor(`logs.${TEST_ENV.region}.amazonaws.com`);
      expect(logs).toHaveLength(1);
      expect(JSON.stringify(logs[0]?.Condition)).toContain('kms:EncryptionContext:aws:logs:arn');
      const events = statementFor('events.amazonaws.com');
      expect(events.flatMap(actionsOf)).toEqual(expect.arrayContaining(['kms:GenerateDataKey', 'kms:Decrypt']));
      for (const statement of events) expect(statement.Condition).toBeDefined();
    });

    it('let Scheduler write its dead letters (the schedule role may use the key for SQS)', () => {
      for (const [name, { role }] of stateless.schedules.schedules) {
        const actions = policyOf(id(stateless, role)).flatMap(actionsOf);
        expect(actions, name).toEqual(expect.arrayContaining(['sqs:SendMessage', 'kms:GenerateDataKey']));
      }
    });
  });

  describe('the ledger anchors', () => {
    const bucketId = () => id(stateful as never, stateful.buckets.ledgerAnchors);

    it('are write-once: Object Lock in compliance mode, and a bucket that is private, encrypted and logged', () => {
      const bucket = statefulTemplate.toJSON().Resources[bucketId()] as Resource;
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.Properties).toMatchObject({
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: LEDGER_ANCHOR_RETENTION_DEFAULT_DAYS } },
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: { 'Fn::GetAtt': [id(stateful as never, stateful.key as never), 'Arn'] },
              },
            },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: { Ref: id(stateful as never, stateful.buckets.accessLogs) } },
      });
      statefulTemplate.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: bucketId() },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it('keep the reports bucket private, encrypted with the data key, versioned and logged too', () => {
      const reports = statefulTemplate.toJSON().Resources[id(stateful as never, stateful.buckets.reports)] as Resource;
      expect(reports.DeletionPolicy).toBe('Retain');
      expect(JSON.stringify(reports.Properties)).toContain('"SSEAlgorithm":"aws:kms"');
      expect(reports.Properties).toMatchObject({
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: expect.any(Object),
      });
    });

    const bucketName = `ccc-dev-ledger-anchors-${TEST_ENV.account}-${TEST_ENV.region}`;
    const objects = `arn:aws:s3:::${bucketName}/ledger-anchors/*`;
    const s3Statements = (name: string) =>
      policyOf(roleId(name))
        .filter((statement) => actionsOf(statement).some((action) => action.startsWith('s3:')))
        .map((statement) => ({
          Action: statement.Action,
          Resource: flat(statement.Resource),
          Condition: statement.Condition,
        }));

    it('may be written by anchor-ledger only under ledger-anchors/, and read by nobody else than verify-ledger', () => {
      // The writer lists too: it skips a head already anchored by reading the latest anchor's key.
      expect(s3Statements('anchor-ledger')).toEqual([
        { Action: 's3:PutObject', Resource: objects, Condition: undefined },
        {
          Action: 's3:ListBucket',
          Resource: `arn:aws:s3:::${bucketName}`,
          Condition: { StringLike: { 's3:prefix': ['ledger-anchors/*'] } },
        },
      ]);
      expect(s3Statements('verify-ledger')).toEqual([
        { Action: 's3:GetObject', Resource: objects, Condition: undefined },
        {
          Action: 's3:ListBucket',
          Resource: `arn:aws:s3:::${bucketName}`,
          Condition: { StringLike: { 's3:prefix': ['ledger-anchors/*'] } },
        },
      ]);
      for (const definition of functionCatalog.filter((d) => d.ledgerAnchors === undefined)) {
        const onTheAnchors = s3Statements(definition.name).filter((statement) =>
          statement.Resource.includes(bucketName),
        );
        expect(onTheAnchors, definition.name).toEqual([]);
      }
    });

    it('name the bucket in LEDGER_ANCHOR_BUCKET for the functions that use them, and only those', () => {
      for (const definition of functionCatalog) {
        const env = environmentOf(definition.name);
        if (definition.ledgerAnchors) expect(env.LEDGER_ANCHOR_BUCKET).toBe(bucketName);
        else expect(env).not.toHaveProperty('LEDGER_ANCHOR_BUCKET');
      }
    });

    it('are written by the AnchorLedgers schedule', () => {
      expect(schedules.map((schedule) => schedule.name)).toContain('AnchorLedgers');
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        Name: 'AnchorLedgers',
        Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [id(stateless, fn('anchor-ledger').function), 'Arn'] } }),
      });
    });
  });
});
