/**
 * The recordings infrastructure (issue 9 item 6, DESIGN.md §5): the bucket in the stateful stack and what its policy
 * denies (asked of the synthesised policy with a small evaluator, request by request), the grants each catalog entry
 * with `recordings` gets in the stateless stack and nothing more, the variables they read, and the sources the
 * ingestion may fetch from.
 */
import type { CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FunctionDefinition, functionCatalog } from '../../functions/catalog.js';
import type { StatefulStack } from '../../infra/stacks/stateful-stack.js';
import type { StatelessStack } from '../../infra/stacks/stateless-stack.js';
import { SYNTH_TIMEOUT_MS, TEST_ENV, testApp } from './support/app.js';
import { denyingStatements, type PolicyStatement, type Request, resolve } from './support/policy-evaluation.js';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

const { account, region } = TEST_ENV;
const BUCKET = `ccc-dev-recordings-${account}-${region}`;
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const DATA_KEY_ARN = `arn:aws:kms:${region}:${account}:key/data-key`;
const OTHER_KEY_ARN = `arn:aws:kms:${region}:${account}:key/another-key`;
const SOURCE_BUCKET = 'amazon-connect-recordings-acme';
const SOURCE_KEY_ARN = `arn:aws:kms:${region}:${account}:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`;
const SOURCE_ORIGIN = 'https://recordings.telephony.example.com';

/**
 * What each access of the catalog's `recordings` field must allow, written out here rather than read from the
 * construct: on `staging/*` (the ingestion's uploads), on `t/*` (the recordings), and the data key through S3.
 */
const EXPECTED: Record<
  NonNullable<FunctionDefinition['recordings']>[number],
  { staging: string[]; recordings: string[]; key: string[] }
> = {
  // Stage (multipart), read the staged version back, copy that version, delete it; the copy's destination under t/.
  ingest: {
    staging: [
      's3:AbortMultipartUpload',
      's3:DeleteObject',
      's3:DeleteObjectVersion',
      's3:GetObject',
      's3:GetObjectVersion',
      's3:PutObject',
    ],
    recordings: ['s3:PutObject'],
    key: ['kms:Decrypt', 'kms:GenerateDataKey'],
  },
  read: { staging: [], recordings: ['s3:GetObject', 's3:GetObjectVersion'], key: ['kms:Decrypt'] },
  hold: { staging: [], recordings: ['s3:GetObjectLegalHold', 's3:PutObjectLegalHold'], key: [] },
  delete: { staging: [], recordings: ['s3:DeleteObject', 's3:DeleteObjectVersion'], key: [] },
};
const recordingFunctions = functionCatalog.filter((definition) => definition.recordings?.length);
const readers = recordingFunctions.filter((definition) =>
  definition.recordings?.some((access) => access === 'ingest' || access === 'read'),
);

/** An ARN as IAM sees it in the test environment: partition references and joins resolved, others named. */
function flat(value: unknown): string {
  if (typeof value === 'string') return value;
  const node = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
  if (node.Ref === 'AWS::Partition') return 'aws';
  if (node['Fn::Join']) return node['Fn::Join'][1].map(flat).join(node['Fn::Join'][0]);
  return JSON.stringify(value);
}

describe('Recordings infrastructure', () => {
  let stateful: StatefulStack;
  let stateless: StatelessStack;
  let statefulResources: Record<string, Resource>;
  let statefulTemplate: Template;
  let template: Template;
  let resources: Record<string, Resource>;
  let bucketPolicy: PolicyStatement[];

  const id = (stack: StatefulStack | StatelessStack, construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnResource);
  const bucketId = () => id(stateful, stateful.buckets.recordings);
  const bucket = () => statefulResources[bucketId()]!;
  const fn = (name: string) => stateless.functions.get(name)!;
  const roleId = (name: string) => id(stateless, fn(name).function.role as never);
  /** The role's ARN once deployed: its fixed name, or one of the names CloudFormation generates. */
  const roleArnOf = (name: string) => {
    const roleName = resources[roleId(name)]?.Properties.RoleName;
    return `arn:aws:iam::${account}:role/${roleName ?? `ccc-compliance-dev-stateless-${roleId(name)}-1A2B3C4D5E6F`}`;
  };
  const policyOf = (name: string): Statement[] =>
    Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy')
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(JSON.stringify({ Ref: roleId(name) })))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  /** Every `action resource` pair a role is allowed on S3, however the statements were merged. */
  const s3Grants = (name: string) =>
    policyOf(name)
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap((statement) =>
        [statement.Action]
          .flat()
          .filter((action) => action.startsWith('s3:'))
          .flatMap((action) => [statement.Resource].flat().map((resource) => `${action} ${flat(resource)}`)),
      )
      .sort();
  /** The KMS actions a role may use through S3 only, by key. */
  const keyUseThroughS3 = (name: string) =>
    policyOf(name)
      .filter(
        (statement) =>
          statement.Effect === 'Allow' &&
          JSON.stringify(statement.Condition) ===
            JSON.stringify({ StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } }),
      )
      .map((statement) => ({ actions: [statement.Action].flat().sort(), resources: [statement.Resource].flat() }));
  const environmentOf = (name: string) =>
    (resources[id(stateless, fn(name).function)]!.Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
  const dataKeyImport = () => ({ 'Fn::ImportValue': expect.stringMatching(/DataKey/) });

  /** What the bucket policy denies `principal` doing `action` on `key`, over TLS unless said otherwise. */
  const denied = (action: string, key: string, context: Record<string, string>) => {
    const request: Request = {
      action,
      resource: `${BUCKET_ARN}/${key}`,
      context: { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3', ...context },
    };
    return denyingStatements(bucketPolicy, request);
  };
  const reader = () => roleArnOf('request-recording-access');
  const ingestion = () => roleArnOf('ingest-recording');

  beforeAll(() => {
    const app = testApp({
      context: {
        recordingSourceBuckets: SOURCE_BUCKET,
        recordingSourceKeyArns: SOURCE_KEY_ARN,
        recordingSourceOrigins: SOURCE_ORIGIN,
      },
    });
    stateful = app.stateful;
    stateless = app.stateless;
    statefulTemplate = Template.fromStack(stateful);
    statefulResources = statefulTemplate.toJSON().Resources;
    template = Template.fromStack(stateless);
    resources = template.toJSON().Resources;
    const [policy] = Object.values(statefulResources).filter(
      (resource) =>
        resource.Type === 'AWS::S3::BucketPolicy' &&
        JSON.stringify(resource.Properties.Bucket) === JSON.stringify({ Ref: bucketId() }),
    );
    const references = {
      'AWS::Partition': 'aws',
      'AWS::AccountId': account,
      [`${bucketId()}.Arn`]: BUCKET_ARN,
      [`${id(stateful, stateful.key as never)}.Arn`]: DATA_KEY_ARN,
    };
    bucketPolicy = resolve(
      (policy!.Properties.PolicyDocument as { Statement: unknown[] }).Statement,
      references,
    ) as PolicyStatement[];
  }, SYNTH_TIMEOUT_MS);

  describe('the bucket', () => {
    it('is named for its stage, account and region, and retained, with its policy, on stack deletion', () => {
      expect(bucket()).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(bucket().Properties.BucketName).toBe(BUCKET);
      statefulTemplate.hasResource('AWS::S3::BucketPolicy', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({ Bucket: { Ref: bucketId() } }),
      });
    });

    it('blocks public access, and ACLs altogether', () => {
      expect(bucket().Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      });
    });

    it('encrypts with the data key by default (bucket key on), a key that rotates and is retained', () => {
      const keyId = id(stateful, stateful.key as never);
      expect(bucket().Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] },
            },
          },
        ],
      });
      expect(statefulResources[keyId]).toMatchObject({
        DeletionPolicy: 'Retain',
        Properties: { EnableKeyRotation: true },
      });
    });

    it('is versioned, with Object Lock enabled and no default retention (holds are per object)', () => {
      expect(bucket().Properties).toMatchObject({
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockEnabled: true,
      });
      const lock = bucket().Properties.ObjectLockConfiguration as { Rule?: unknown } | undefined;
      expect(lock?.Rule).toBeUndefined();
    });

    it('keeps nothing but current recordings beyond a day: noncurrent versions, staged and unfinished uploads', () => {
      const { Rules: lifecycle } = bucket().Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] };
      expect(lifecycle).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Status: 'Enabled',
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
            ExpiredObjectDeleteMarker: true,
          }),
          expect.objectContaining({ Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
          expect.objectContaining({ Status: 'Enabled', Prefix: 'staging/', ExpirationInDays: 1 }),
        ]),
      );
      expect(lifecycle).toHaveLength(3);
      // A current recording is deleted by the purge, against its agreement's retention, never by a lifecycle rule.
      const expiring = lifecycle.filter((rule) => rule.ExpirationInDays !== undefined || rule.ExpirationDate);
      expect(expiring.map((rule) => rule.Prefix)).toEqual(['staging/']);
    });

    it('logs every request to the access-log bucket, under recordings/', () => {
      expect(bucket().Properties.LoggingConfiguration).toEqual({
        DestinationBucketName: { Ref: id(stateful, stateful.buckets.accessLogs) },
        LogFilePrefix: 'recordings/',
      });
    });

    it('outputs its name', () => {
      statefulTemplate.hasOutput('RecordingsBucket', { Value: { Ref: bucketId() } });
    });
  });

  describe('the bucket policy', () => {
    it('denies requests over plain HTTP, and over TLS older than 1.2', () => {
      expect(denied('s3:GetObject', 't/acme/2026/03/c-1.wav', { 'aws:PrincipalArn': reader() })).toEqual([]);
      const plain = denied('s3:GetObject', 't/acme/2026/03/c-1.wav', {
        'aws:PrincipalArn': reader(),
        'aws:SecureTransport': 'false',
      });
      expect(plain.length).toBeGreaterThan(0);
      const oldTls = denied('s3:GetObject', 't/acme/2026/03/c-1.wav', {
        'aws:PrincipalArn': reader(),
        's3:TlsVersion': '1.1',
      });
      expect(oldTls.length).toBeGreaterThan(0);
    });

    const sse = 's3:x-amz-server-side-encryption';
    const sseKey = 's3:x-amz-server-side-encryption-aws-kms-key-id';
    it.each([
      ['SSE-KMS with the data key', { [sse]: 'aws:kms', [sseKey]: DATA_KEY_ARN }],
      // A multipart upload's parts and completion carry no encryption header: the upload's own was checked when it
      // was created. A plain upload without one is encrypted by the bucket default, SSE-KMS with the data key.
      ['no encryption header (UploadPart, CompleteMultipartUpload, the default)', {}],
      [
        'a copy asking for SSE-KMS with the data key',
        { [sse]: 'aws:kms', [sseKey]: DATA_KEY_ARN, 's3:x-amz-copy-source': `${BUCKET}/staging/u-1` },
      ],
    ])('allows an upload with %s', (_, headers) => {
      expect(denied('s3:PutObject', 't/acme/2026/03/c-1.wav', { 'aws:PrincipalArn': ingestion(), ...headers })).toEqual(
        [],
      );
    });

    it.each([
      ['SSE-S3', { [sse]: 'AES256' }],
      ['DSSE-KMS, even with the data key', { [sse]: 'aws:kms:dsse', [sseKey]: DATA_KEY_ARN }],
      ['SSE-KMS without a key id (the AWS-managed aws/s3 key)', { [sse]: 'aws:kms' }],
      ['SSE-KMS with another key', { [sse]: 'aws:kms', [sseKey]: OTHER_KEY_ARN }],
      ['SSE-KMS naming the data key other than by its ARN', { [sse]: 'aws:kms', [sseKey]: 'alias/ccc-data' }],
      ['a customer-provided key (SSE-C)', { 's3:x-amz-server-side-encryption-customer-algorithm': 'AES256' }],
      [
        'a copy asking for another key',
        { [sse]: 'aws:kms', [sseKey]: OTHER_KEY_ARN, 's3:x-amz-copy-source': `${BUCKET}/staging/u-1` },
      ],
    ])('denies an upload with %s, whoever asks', (_, headers) => {
      for (const key of ['t/acme/2026/03/c-1.wav', 'staging/u-1']) {
        expect(denied('s3:PutObject', key, { 'aws:PrincipalArn': ingestion(), ...headers }).length).toBeGreaterThan(0);
      }
    });

    it.each(functionCatalog.map((definition) => [definition.name, readers.includes(definition)] as const))(
      '%s may read objects through it: %s',
      (name, reads) => {
        for (const action of ['s3:GetObject', 's3:GetObjectVersion']) {
          const refusals = denied(action, 't/acme/2026/03/c-1.wav', { 'aws:PrincipalArn': roleArnOf(name) });
          expect(refusals.length > 0, `${action} by ${name}`).toBe(!reads);
        }
      },
    );

    it('denies reading to everyone else: the account root, administrators, anonymous requests, replication', () => {
      for (const principal of [`arn:aws:iam::${account}:root`, `arn:aws:iam::${account}:role/Admin`]) {
        expect(denied('s3:GetObject', 't/acme/2026/03/c-1.wav', { 'aws:PrincipalArn': principal }).length).toBe(1);
      }
      expect(denied('s3:GetObject', 't/acme/2026/03/c-1.wav', {}).length).toBe(1);
      const replication = denied('s3:GetObjectVersionForReplication', 't/acme/2026/03/c-1.wav', {
        'aws:PrincipalArn': `arn:aws:iam::${account}:role/replication`,
      });
      expect(replication.length).toBe(1);
    });

    it('names the readers by the fixed role names the stateless stack gives them, and only those', () => {
      const [statement] = bucketPolicy.filter((s) => JSON.stringify(s.Condition ?? {}).includes('aws:PrincipalArn'));
      const named = [(statement!.Condition!.ArnNotEquals as Record<string, unknown>)['aws:PrincipalArn']].flat();
      expect(named.sort()).toEqual(readers.map((definition) => roleArnOf(definition.name)).sort());
      for (const definition of readers) {
        expect(resources[roleId(definition.name)]?.Properties.RoleName).toBe(`ccc-dev-${definition.name}-${region}`);
      }
      for (const definition of functionCatalog.filter((d) => !readers.includes(d))) {
        expect(resources[roleId(definition.name)]?.Properties.RoleName, definition.name).toBeUndefined();
      }
    });
  });

  describe('the grants of the catalog entries', () => {
    const objects = (prefix: string) => `${BUCKET_ARN}/${prefix}*`;

    it.each(recordingFunctions.map((definition) => [definition.name, definition.recordings!] as const))(
      '%s (%s) gets exactly its accesses on the bucket, under t/ (and staging/ to ingest)',
      (name, accesses) => {
        const expected = new Set<string>();
        for (const access of accesses) {
          for (const action of EXPECTED[access].staging) expected.add(`${action} ${objects('staging/')}`);
          for (const action of EXPECTED[access].recordings) expected.add(`${action} ${objects('t/')}`);
        }
        const onTheBucket = s3Grants(name).filter((grant) => grant.includes(BUCKET_ARN));
        expect(onTheBucket).toEqual([...expected].sort());
      },
    );

    it.each(recordingFunctions.map((definition) => [definition.name, definition.recordings!] as const))(
      '%s (%s) may use the data key through S3 only for what its accesses need',
      (name, accesses) => {
        const actions = [...new Set(accesses.flatMap((access) => EXPECTED[access].key))].sort();
        const onTheDataKey = keyUseThroughS3(name).filter((grant) =>
          JSON.stringify(grant.resources).includes('DataKey'),
        );
        expect(onTheDataKey).toEqual(actions.length === 0 ? [] : [{ actions, resources: [dataKeyImport()] }]);
      },
    );

    it.each(functionCatalog.filter((d) => !d.recordings?.length).map((d) => [d.name] as const))(
      '%s, which has no recordings access, gets no grant on the bucket and does not know it',
      (name) => {
        expect(s3Grants(name).filter((grant) => grant.includes('recordings'))).toEqual([]);
        expect(environmentOf(name)).not.toHaveProperty('RECORDINGS_BUCKET');
      },
    );

    it('lets get-kpis neither read a recording (no grant) nor be let in by the bucket (its policy denies)', () => {
      expect(s3Grants('get-kpis')).toEqual([]);
      expect(denied('s3:GetObject', 't/acme/2026/03/c-1.wav', { 'aws:PrincipalArn': roleArnOf('get-kpis') })).toEqual([
        'OnlyTheRecordingFunctionsRead',
      ]);
    });

    it.each(recordingFunctions.map((definition) => [definition.name] as const))(
      '%s finds the bucket, the data key (by ARN) and Object Lock on in its environment',
      (name) => {
        expect(environmentOf(name)).toMatchObject({
          RECORDINGS_BUCKET: BUCKET,
          RECORDINGS_KMS_KEY_ID: dataKeyImport(),
          RECORDING_OBJECT_LOCK: 'on',
        });
      },
    );
  });

  describe('what invokes the recording functions', () => {
    const fnArn = (name: string) => ({ 'Fn::GetAtt': [id(stateless, fn(name).function), 'Arn'] });

    it.each([
      ['ccc.telephony', 'recording.available', 'ingest-recording'],
      ['ccc.privacy', 'erasure.requested', 'process-erasure-request'],
    ])('%s %s invokes %s, retried and dead-lettered like every rule', (source, detailType, name) => {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: { source: [source], 'detail-type': [detailType] },
        Targets: [Match.objectLike({ Arn: fnArn(name), DeadLetterConfig: Match.anyValue() })],
      });
    });

    it('runs the purge daily (DP-REC-RETENTION: nothing past its date and not held survives more than a day)', () => {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        Name: 'PurgeRecordings',
        ScheduleExpression: Match.stringLikeRegexp('^cron\\(\\d+ \\d+ \\* \\* \\? \\*\\)$'),
        Target: Match.objectLike({ Arn: fnArn('purge-recordings') }),
      });
    });
  });

  describe('the recording sources (context recordingSourceBuckets, recordingSourceKeyArns, recordingSourceOrigins)', () => {
    const ingests = () => recordingFunctions.filter((definition) => definition.recordings?.includes('ingest'));

    it('are named in RECORDING_SOURCES to the recording functions, whose shared configuration requires it', () => {
      expect(ingests().map((definition) => definition.name)).toEqual(['ingest-recording']);
      for (const definition of recordingFunctions) {
        expect(environmentOf(definition.name).RECORDING_SOURCES).toBe(`s3://${SOURCE_BUCKET},${SOURCE_ORIGIN}`);
      }
      for (const definition of functionCatalog.filter((d) => !recordingFunctions.includes(d))) {
        expect(environmentOf(definition.name)).not.toHaveProperty('RECORDING_SOURCES');
      }
    });

    it("may be read by the ingestion: the source buckets' objects, their key through S3, nothing more", () => {
      const sourceGrants = s3Grants('ingest-recording').filter((grant) => !grant.includes(BUCKET_ARN));
      // Listing only so that a key not written yet answers 404 (retried), not 403 (refused).
      expect(sourceGrants).toEqual([
        `s3:GetObject arn:aws:s3:::${SOURCE_BUCKET}/*`,
        `s3:ListBucket arn:aws:s3:::${SOURCE_BUCKET}`,
      ]);
      expect(keyUseThroughS3('ingest-recording')).toContainEqual({
        actions: ['kms:Decrypt'],
        resources: [SOURCE_KEY_ARN],
      });
      for (const definition of functionCatalog.filter((d) => d.name !== 'ingest-recording')) {
        expect(JSON.stringify(policyOf(definition.name)), definition.name).not.toContain(SOURCE_BUCKET);
        expect(JSON.stringify(policyOf(definition.name)), definition.name).not.toContain(SOURCE_KEY_ARN);
      }
    });
  });
});

describe('Recordings infrastructure without recording sources', () => {
  let stateless: StatelessStack;
  let resources: Record<string, Resource>;
  let warnings: string[];

  beforeAll(() => {
    const app = testApp();
    stateless = app.stateless;
    const artifact = app.app.synth().getStackArtifact(stateless.artifactId);
    warnings = artifact.messages.filter((m) => m.level === 'warning').map((m) => String(m.entry.data));
    resources = Template.fromStack(stateless).toJSON().Resources;
  }, SYNTH_TIMEOUT_MS);

  it('lets the ingestion fetch from nowhere, and says so at synthesis', () => {
    const ingest = stateless.functions.get('ingest-recording')!;
    const properties = resources[stateless.getLogicalId(ingest.function.node.defaultChild as CfnResource)]?.Properties;
    expect((properties!.Environment as { Variables: Record<string, unknown> }).Variables.RECORDING_SOURCES).toBe('');
    const roleId = stateless.getLogicalId(ingest.function.role?.node.defaultChild as CfnResource);
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleId))
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    const s3Resources = statements
      .filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')))
      .flatMap((s) => [s.Resource].flat().map(flat));
    expect(s3Resources.filter((resource) => !resource.includes(BUCKET_ARN))).toEqual([]);
    expect(warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/^No context recordingSourceBuckets or recordingSourceOrigins/)]),
    );
  });
});
