import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type FunctionDefinition, handlerEntry } from '../../functions/catalog.js';
import { type LogLevel, PROJECT_ROOT, type RecordingSourcesConfig, SERVICE_NAME } from '../config.js';
import { lambdaBundling } from './bundling.js';
import { LEDGER_ANCHOR_PREFIX, RECORDING_PREFIX, RECORDING_STAGING_PREFIX } from './compliance-buckets.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { nagResource } from './nag-resource.js';
import { operationsKey } from './operations-key.js';

/** What a {@link ComplianceFunction} needs: its catalog entry and the shared resources it may be granted. */
export interface ComplianceFunctionProps {
  /** The catalog entry: handler, description, sizing and the grants the function gets (and no others). */
  definition: FunctionDefinition;
  table: ITableV2;
  bus: IEventBus;
  logRetention: RetentionDays;
  logLevel: LogLevel;
  /**
   * Invoked asynchronously (EventBridge, Scheduler): failed invocations are retried and then kept in a failure
   * queue. A function only ever invoked synchronously (by the HTTP API) answers its caller instead, so it has none.
   */
  asynchronous: boolean;
  /** Variables of this function only, added to those every function gets. */
  environment?: Readonly<Record<string, string>>;
  /** The write-once bucket of ledger anchors, for entries with `ledgerAnchors` (its name in `LEDGER_ANCHOR_BUCKET`). */
  ledgerAnchorBucket?: IBucket;
  /** The recordings bucket, for entries with `recordings` (its name in `RECORDINGS_BUCKET`). */
  recordingsBucket?: IBucket;
  /** Where an entry with `recordings: ['ingest']` may fetch from (`RECORDING_SOURCES` of every recording function). */
  recordingSources?: RecordingSourcesConfig;
  /**
   * A fixed name for the role (default: one CloudFormation generates). The recording readers have one, which the
   * recordings bucket's policy names (`recordingReaderRoleName` in `./compliance-buckets.ts`).
   */
  roleName?: string;
}

/** The variable the anchoring and verifying functions read the ledger-anchor bucket's name from. */
export const LEDGER_ANCHOR_BUCKET_ENV = 'LEDGER_ANCHOR_BUCKET';

/**
 * What each `recordings` access allows, on the recordings bucket's objects (`t/<tenant>/...`, and `staging/` for
 * the ingestion's uploads). A read of a given version is `s3:GetObjectVersion` (and so is a copy from one), a
 * HeadObject is `s3:GetObject`, a delete of a given version `s3:DeleteObjectVersion`; a multipart upload's parts
 * and completion are `s3:PutObject`, as is a CopyObject on its destination.
 */
export const RECORDING_OBJECT_ACTIONS = {
  /**
   * Stream an upload to `staging/`, read that version back to verify it, copy that version to `t/`, remove it (or
   * abort the upload). Nothing under `t/` is read: the copy's destination needs only `s3:PutObject`.
   */
  ingest: {
    staging: [
      's3:PutObject',
      's3:GetObject',
      's3:GetObjectVersion',
      's3:DeleteObject',
      's3:DeleteObjectVersion',
      's3:AbortMultipartUpload',
    ],
    recordings: ['s3:PutObject'],
  },
  /** Read a recording, or presign a GET of it (of its stored version). */
  read: { recordings: ['s3:GetObject', 's3:GetObjectVersion'] },
  /** Set, release and check S3 Object Lock legal holds. */
  hold: { recordings: ['s3:PutObjectLegalHold', 's3:GetObjectLegalHold'] },
  /** Delete a recording for good: the stored version (a delete without a version id would leave it noncurrent). */
  delete: { recordings: ['s3:DeleteObject', 's3:DeleteObjectVersion'] },
} as const satisfies Record<string, { staging?: readonly string[]; recordings: readonly string[] }>;

/**
 * The variables of the recording functions, which share one configuration validated at cold start
 * (`shared/runtime/recording-config.ts`): every recording function gets all of them.
 */
export const RECORDINGS_ENV = {
  bucket: 'RECORDINGS_BUCKET',
  /** The data key's ARN: the writers name it in their SSE-KMS headers, which the bucket policy compares as given. */
  kmsKeyId: 'RECORDINGS_KMS_KEY_ID',
  objectLock: 'RECORDING_OBJECT_LOCK',
  sources: 'RECORDING_SOURCES',
} as const;

/** `RECORDING_SOURCES`: the allowed source buckets as `s3://<bucket>`, then the HTTPS origins, comma-separated. */
export function recordingSourcesValue(sources: RecordingSourcesConfig): string {
  return [...sources.buckets.map((bucket) => `s3://${bucket}`), ...sources.origins].join(',');
}

const DEFAULT_MEMORY_MB = 256;

/**
 * What `read` allows: single items, batches of them and queries of one partition. No Scan: nothing in the product
 * reads a whole table, and a scan is the one read that crosses every tenant.
 */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
/**
 * What `read-write` adds: puts, updates and transaction conditions (a TransactWriteItems call is authorised item by
 * item as these). No BatchWriteItem, which nothing uses and whose deletes IAM cannot tell from its puts, and no
 * DeleteItem unless the catalog entry says `deletes`.
 */
export const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'];
/** The partition of every tenant's evidence ledger (`shared/store/ledger-repository.ts`). */
export const LEDGER_PARTITION_PATTERN = 'T#*#LEDGER';

/**
 * Refuses deletion of ledger entries whatever else the role allows, now or after a later grant: an explicit Deny
 * wins over every Allow. It covers each way a delete can arrive: DeleteItem (also what a Delete inside
 * TransactWriteItems is authorised as), BatchWriteItem (whose deletes IAM cannot tell from its puts, so ledger
 * partitions get no batch writes at all; the ledger is only ever appended with TransactWriteItems) and PartiQL.
 * ForAnyValue: one ledger key in a batch is enough to refuse it.
 */
export function denyLedgerDeletes(tableArn: string): PolicyStatement {
  return new PolicyStatement({
    sid: 'NoLedgerDeletes',
    effect: Effect.DENY,
    actions: ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:PartiQLDelete'],
    resources: [tableArn],
    conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [LEDGER_PARTITION_PATTERN] } },
  });
}
const DEFAULT_TIMEOUT_SECONDS = 10;

/**
 * One Lambda function of the catalog with the runtime defaults every function shares (Node.js 22 on arm64, an ESM
 * bundle built locally by esbuild with the pinned AWS SDK inside, X-Ray, an explicit log group with retention,
 * Powertools settings) and least-privilege grants derived from its catalog entry. For an asynchronously invoked
 * function, failed invocations (after Lambda's own two retries) land in a dead-letter queue with the error that
 * caused them.
 */
export class ComplianceFunction extends Construct {
  /** The catalog entry it was built from. */
  readonly definition: FunctionDefinition;
  readonly function: NodejsFunction;
  /** Present when the function is invoked asynchronously (see {@link ComplianceFunctionProps.asynchronous}). */
  readonly failureQueue: Queue | undefined;
  readonly logGroup: LogGroup;
  readonly timeout: Duration;

  constructor(scope: Construct, id: string, props: ComplianceFunctionProps) {
    super(scope, id);
    const { definition, table, bus } = props;
    this.definition = definition;

    this.logGroup = new LogGroup(this, 'LogGroup', {
      // Log lines carry tenant ids and request ids, and an error may quote an event.
      encryptionKey: operationsKey(this),
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to every log group.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${definition.name}`,
      roleName: props.roleName,
    });
    this.logGroup.grantWrite(role);
    this.failureQueue = props.asynchronous ? new DeadLetterQueue(this, 'Failures').queue : undefined;
    this.timeout = Duration.seconds(definition.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);

    this.function = new NodejsFunction(this, 'Function', {
      description: definition.description,
      entry: join(PROJECT_ROOT, handlerEntry(definition.name)),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: definition.memoryMb ?? DEFAULT_MEMORY_MB,
      timeout: this.timeout,
      role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        TABLE_NAME: table.tableName,
        EVENT_BUS_NAME: bus.eventBusName,
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      // The pinned SDK bundled, minified, ESM for node22 (and the report renderers' files): decided in ./bundling.ts,
      // measured by `npm run bench`.
      bundling: lambdaBundling(definition),
      ...(this.failureQueue && {
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
        onFailure: new SqsDestination(this.failureQueue),
      }),
    });

    this.grant(props);
    this.acknowledgeInherentFindings(role, props);
  }

  private grant(props: ComplianceFunctionProps): void {
    const { definition, table, bus } = props;
    const role = this.function.role as Role;
    if (definition.table !== 'none') {
      const actions = [
        ...TABLE_READ_ACTIONS,
        ...(definition.table === 'read-write' ? TABLE_WRITE_ACTIONS : []),
        ...(definition.deletes ? ['dynamodb:DeleteItem'] : []),
      ];
      role.addToPolicy(new PolicyStatement({ actions, resources: [table.tableArn, `${table.tableArn}/index/*`] }));
      // The same key actions the CDK table grants add for a customer-managed key.
      table.encryptionKey?.grant(
        role,
        'kms:Decrypt',
        'kms:DescribeKey',
        ...(definition.table === 'read-write' ? ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'] : []),
      );
    }
    if (definition.describesTable)
      role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:DescribeTable'], resources: [table.tableArn] }));
    if (definition.deletes !== 'ledger') role.addToPolicy(denyLedgerDeletes(table.tableArn));
    if (definition.publishesEvents) bus.grantPutEventsTo(this.function);
    if (definition.ledgerAnchors) this.grantLedgerAnchors(definition.ledgerAnchors, props);
    if (definition.recordings?.length) this.grantRecordings(definition.recordings, props);
  }

  /**
   * The recordings bucket, per access of the entry ({@link RECORDING_OBJECT_ACTIONS}), only under `t/` (and
   * `staging/` for `ingest`); the data key only through S3: `ingest` encrypts (GenerateDataKey) and, for copies and
   * multipart uploads, decrypts what it staged; `read` decrypts (a presigned GET is made as this role). `hold` and
   * `delete` need no key. `ingest` also reads the platforms' source buckets the deployment allows (and decrypts with
   * their keys, through S3 only).
   */
  private grantRecordings(
    accesses: NonNullable<FunctionDefinition['recordings']>,
    { recordingsBucket: bucket, recordingSources: sources, table }: ComplianceFunctionProps,
  ): void {
    const { name } = this.definition;
    if (!bucket) throw new Error(`${name} uses recordings, but no recordings bucket was given`);
    const role = this.function.role as Role;
    const recordings = bucket.arnForObjects(`${RECORDING_PREFIX}*`);
    const staging = bucket.arnForObjects(`${RECORDING_STAGING_PREFIX}*`);
    const byResource = new Map<string, Set<string>>([
      [staging, new Set()],
      [recordings, new Set()],
    ]);
    for (const access of accesses) {
      const actions: { staging?: readonly string[]; recordings: readonly string[] } = RECORDING_OBJECT_ACTIONS[access];
      for (const action of actions.staging ?? []) byResource.get(staging)?.add(action);
      for (const action of actions.recordings) byResource.get(recordings)?.add(action);
    }
    for (const [resource, actions] of byResource) {
      if (actions.size > 0) role.addToPolicy(new PolicyStatement({ actions: [...actions], resources: [resource] }));
    }

    const keyArn = bucket.encryptionKey?.keyArn ?? table.encryptionKey?.keyArn;
    if (!keyArn) throw new Error(`${name} uses recordings, but the recordings bucket's key was not given`);
    const ingests = accesses.includes('ingest');
    const keyActions = [
      ...(ingests ? ['kms:GenerateDataKey'] : []),
      ...(ingests || accesses.includes('read') ? ['kms:Decrypt'] : []),
    ];
    const throughS3 = { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } };
    if (keyActions.length > 0) {
      role.addToPolicy(new PolicyStatement({ actions: keyActions, resources: [keyArn], conditions: throughS3 }));
    }

    this.function.addEnvironment(RECORDINGS_ENV.bucket, bucket.bucketName);
    this.function.addEnvironment(RECORDINGS_ENV.kmsKeyId, keyArn);
    // In AWS legal holds are also S3 Object Lock legal holds; the one-machine stand-in has no Object Lock ('off').
    this.function.addEnvironment(RECORDINGS_ENV.objectLock, 'on');
    // Only the ingestion fetches from them (and is granted to), but the shared configuration requires the variable.
    this.function.addEnvironment(RECORDINGS_ENV.sources, sources ? recordingSourcesValue(sources) : '');

    const ack = (resource: string, reason: string) =>
      Validations.of(role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${nagResource(this, resource)}]`,
        reason,
      });
    ack(
      recordings,
      `Every tenant's recordings (${RECORDING_PREFIX}<tenant>/...): which one is decided per request by the table's metadata, read under the tenant's scope; no other object of the bucket.`,
    );
    if (byResource.get(staging)?.size) {
      ack(
        staging,
        `The ingestion's own uploads (${RECORDING_STAGING_PREFIX}<uuid>), staged until verified and copied; they expire after a day.`,
      );
    }
    if (ingests) this.grantRecordingSources(sources);
  }

  /**
   * Reading the platforms' copies the deployment allows, and nothing else. Listing too: without `s3:ListBucket`, S3
   * answers a missing key with 403 instead of 404, and the ingestion could not tell a recording announced before it
   * was written (retried) from one it may not read (refused at once). A bucket of another account must also allow
   * this role in its own policy (and its key's).
   */
  private grantRecordingSources(sources: RecordingSourcesConfig | undefined): void {
    const role = this.function.role as Role;
    const { buckets = [], keyArns = [] } = sources ?? {};
    const stack = Stack.of(this);
    const bucketArn = (bucket: string) => stack.formatArn({ service: 's3', region: '', account: '', resource: bucket });
    const objects = buckets.map((bucket) => `${bucketArn(bucket)}/*`);
    if (objects.length > 0) {
      role.addToPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: objects }));
      role.addToPolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: buckets.map(bucketArn) }));
    }
    if (keyArns.length > 0) {
      role.addToPolicy(
        new PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: keyArns,
          conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
        }),
      );
    }
    for (const object of objects) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${nagResource(this, object)}]`,
        reason:
          "A telephony platform's recording bucket the deployment allows (context recordingSourceBuckets): its " +
          'recordings are announced one by one with recording.available, under keys the platform chooses; read only.',
      });
    }
  }

  /**
   * `write`: put new anchors (Object Lock makes each one write-once; no retention call is needed, the bucket's
   * default applies). `read`: list and read them. Only under `ledger-anchors/`, and the data key only through S3.
   */
  private grantLedgerAnchors(access: 'read' | 'write', { ledgerAnchorBucket: bucket, table }: ComplianceFunctionProps) {
    if (!bucket) throw new Error(`${this.definition.name} uses ledger anchors, but no ledger-anchor bucket was given`);
    const role = this.function.role as Role;
    const objects = bucket.arnForObjects(`${LEDGER_ANCHOR_PREFIX}*`);
    role.addToPolicy(
      new PolicyStatement({ actions: [access === 'write' ? 's3:PutObject' : 's3:GetObject'], resources: [objects] }),
    );
    // Both list: a writer reads the latest anchor's key first, so that an unchanged head is not anchored again
    // (shared/app/anchor-ledgers.ts); the key alone carries the sequence and hash.
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${LEDGER_ANCHOR_PREFIX}*`] } },
      }),
    );
    const keyArn = bucket.encryptionKey?.keyArn ?? table.encryptionKey?.keyArn;
    if (keyArn) {
      role.addToPolicy(
        new PolicyStatement({
          actions: access === 'write' ? ['kms:GenerateDataKey'] : ['kms:Decrypt'],
          resources: [keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }
    this.function.addEnvironment(LEDGER_ANCHOR_BUCKET_ENV, bucket.bucketName);
    Validations.of(role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::${nagResource(this, objects)}]`,
      reason: `The ledger anchors of every tenant (${LEDGER_ANCHOR_PREFIX}<tenant>/...), and no other object of the bucket.`,
    });
  }

  private acknowledgeInherentFindings(role: Role, { definition, table }: ComplianceFunctionProps): void {
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        'Node.js 22 is pinned on purpose: the handlers and their dependencies are built and tested for it ' +
        '(esbuild target node22); the runtime moves with the project toolchain, not with each new Lambda release.',
    });
    const ack = (finding: string, reason: string) =>
      Validations.of(role).acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[${finding}]`, reason });
    ack(
      'Resource::*',
      'X-Ray (xray:PutTraceSegments, xray:PutTelemetryRecords) does not support resource-level permissions.',
    );
    if (this.failureQueue && definition.table !== 'read-write') {
      const reason =
        "Generated by the failure queue's send grant: SQS encrypts each failed event with the operations key on " +
        "the sender's behalf; the statement is scoped to that key's ARN.";
      ack('Action::kms:GenerateDataKey*', reason);
      ack('Action::kms:ReEncrypt*', reason);
    }
    if (definition.table === 'none') return;
    ack(
      `Resource::${nagResource(this, `${table.tableArn}/index/*`)}`,
      "Generated by the table grant: queries on this table's own secondary indexes; no other table is reachable.",
    );
    if (definition.table === 'read-write') {
      ack(
        'Action::kms:GenerateDataKey*',
        'Generated by the table grant so DynamoDB can encrypt written items; the statement is scoped to the data key ARN.',
      );
      ack(
        'Action::kms:ReEncrypt*',
        'Part of the encrypt action set the CDK table grant adds for a customer-managed key; scoped to the data key ARN.',
      );
    }
  }
}
