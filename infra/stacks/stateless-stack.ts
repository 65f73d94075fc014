import { Annotations, CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { type ITableV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Archive, type CfnArchive, EventBus, type EventPattern, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, type Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey, Key } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { EVENT_BUS_NAME, type RuleDefinition, rules } from '../../events/rules.js';
import { type FunctionDefinition, functionCatalog } from '../../functions/catalog.js';
import { routes } from '../../functions/routes.js';
import { schedules } from '../../functions/schedules.js';
import { type DeploymentConfig, SERVICE_NAME } from '../config.js';
import { AlarmTopic } from '../constructs/alarm-topic.js';
import { ComplianceApi } from '../constructs/compliance-api.js';
import { bucketName, readsRecordings, recordingReaderRoleName } from '../constructs/compliance-buckets.js';
import { ComplianceFunction } from '../constructs/compliance-function.js';
import { ComplianceSchedules } from '../constructs/compliance-schedules.js';
import { constructId } from '../constructs/construct-id.js';
import { CursorSigningSecret } from '../constructs/cursor-signing-secret.js';
import { DashboardHosting } from '../constructs/dashboard-hosting.js';
import { DeadLetterQueue } from '../constructs/dead-letter-queue.js';
import { deadLetteredEventsMetric, deadLettersRunbook } from '../constructs/dead-lettered-events.js';
import { nagResource } from '../constructs/nag-resource.js';
import { operationsKey } from '../constructs/operations-key.js';
import { TenantAccessRole } from '../constructs/tenant-access-role.js';
import { VendorEventSources } from '../constructs/vendor-event-sources.js';
import { VendorMappingParameter } from '../constructs/vendor-mapping-parameter.js';

/** What the {@link StatelessStack} takes from the stateful stack and the deployment settings. */
export interface StatelessStackProps extends StackProps {
  /** Physical name of the single table (created by the stateful stack). */
  tableName: string;
  /** The customer-managed key that encrypts the table (and here, the cursor-signing secret). */
  dataKey: IKey;
  /** The users the API trusts (created by the stateful stack). */
  userPool: IUserPool;
  /** The `iss` of the user pool's tokens. */
  issuerUrl: string;
  config: Pick<
    DeploymentConfig,
    | 'stage'
    | 'archiveRetentionDays'
    | 'logRetention'
    | 'logLevel'
    | 'alarmEmails'
    | 'api'
    | 'signIn'
    | 'dashboard'
    | 'vendorSources'
    | 'vendorMapping'
    | 'recordingSources'
  >;
}

/**
 * How long EventBridge keeps trying to hand an event to a function before it goes to the rule's dead-letter queue:
 * long enough to ride out throttling or a deployment, short enough that the on-call engineer hears of it the same day.
 */
export const RULE_TARGET_RETRY = { retryAttempts: 20, maxEventAge: Duration.hours(4) } as const;

/**
 * Encrypts the archive with `key`. Not through the Archive's own `kmsKey`: its key-policy statement names the bus by
 * its ARN attribute, and the bus (encrypted with the same key) then depends on the key that depends on it, a cycle.
 * The bus has a fixed name, so the same condition can name it as a literal ARN.
 */
export function encryptArchive(archive: Archive, key: Key, busName: string): void {
  const stack = Stack.of(archive);
  (archive.node.defaultChild as CfnArchive).kmsKeyIdentifier = key.keyArn;
  const busArn = stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: busName });
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'EventBridgeArchiveOfTheBus',
      principals: [new ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncrypt*'],
      resources: ['*'],
      conditions: { StringEquals: { 'kms:EncryptionContext:aws:events:event-bus:arn': busArn } },
    }),
  );
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'EventBridgeDescribesTheKey',
      principals: [new ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
  );
}

/** Where evidence packs are kept in the reports bucket (`packKey` in shared/app/evidence-pack.ts). */
export const EVIDENCE_PACK_PREFIX = 'evidence/';

/**
 * What `reports: 'write'` allows on the reports bucket's `evidence/` objects: a multipart upload (its parts and
 * completion are `s3:PutObject`, a failed one is aborted), and GetObject, which the presigned download link is
 * made as.
 */
export const EVIDENCE_PACK_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'];

/** Where monthly reports are kept in the reports bucket (`reportPrefix` in shared/app/monthly-reports.ts). */
export const MONTHLY_REPORT_PREFIX = 'reports/';

/** The catalog function that consumes the Amazon Connect contact-record stream (context `connectCtrStreamArn`). */
export const CONNECT_CTR_CONSUMER = 'ingest-connect-ctr-stream';

/** Whether a catalog function serves at least one route of the HTTP API (`functions/routes.ts`). */
export function servesApiRoutes(name: string): boolean {
  return routes.some((route) => route.function === name);
}

/** The daily surveillance's enumerator and the consumer of its queue (functions/catalog.ts). */
export const SURVEILLANCE_ENUMERATOR = 'enumerate-surveillance';
export const SURVEILLANCE_CONSUMER = 'surveil-tenant';

/**
 * The surveillance queue's mapping: a few tenants per invocation (each may render a monthly report), and enough
 * invocations at once that hundreds of tenants take minutes, not the slowest tenant times their number.
 */
export const SURVEILLANCE_MAPPING = { batchSize: 5, maxConcurrency: 20 } as const;

/** How a catalog function is invoked, which decides where its failures go. */
export type Invocation = 'asynchronous' | 'stream' | 'api' | 'queue';

/**
 * Event rules and schedules invoke asynchronously: failures are retried, then kept in the function's failure queue.
 * Lambda polls a stream and invokes its consumer synchronously: the event source mapping retries and keeps failures.
 * The HTTP API answers its caller. Lambda polls the surveillance queue and invokes its consumer synchronously: SQS
 * redelivers a failed message and moves it to the queue's dead-letter queue after its third receive. A function none
 * of these invoke is taken as asynchronous (invoked by hand, say), so that its failures are kept rather than lost.
 */
export function invocationOf(name: string): Invocation {
  const targeted = rules.some((rule) => rule.target === name) || schedules.some((entry) => entry.function === name);
  if (targeted) return 'asynchronous';
  if (name === CONNECT_CTR_CONSUMER) return 'stream';
  if (name === SURVEILLANCE_CONSUMER) return 'queue';
  return servesApiRoutes(name) ? 'api' : 'asynchronous';
}

const WHERE_FAILURES_GO: Readonly<Record<Invocation, string>> = {
  asynchronous: 'failed events wait in its failure queue',
  stream: "the stream mapping retries the batch, then its failure queue names the records' shard range",
  api: 'its API callers received an error',
  queue: 'SQS delivers the failed messages again, then keeps them in the surveillance dead-letter queue',
};

/**
 * Everything that can be redeployed at will: the event bus and its archive, one function per catalog entry, one
 * rule per routing definition (with retries and a dead-letter queue), one schedule per scheduled job, the vendor
 * feeds (forwarding rules, the contact-record stream), the HTTP API with its sign-in client, and the alarms that
 * watch them.
 */
export class StatelessStack extends Stack {
  readonly bus: EventBus;
  readonly archive: Archive;
  readonly alarms: AlarmTopic;
  /** Signs the pagination cursors of the API's list routes; only the route functions that read the table can read it. */
  readonly cursorSecret: CursorSigningSecret;
  /** The vendor mapping the functions that place vendor contacts read (changed without a redeploy). */
  readonly vendorMapping: VendorMappingParameter;
  /** By catalog name. */
  readonly functions: ReadonlyMap<string, ComplianceFunction>;
  readonly schedules: ComplianceSchedules;
  readonly vendorSources: VendorEventSources;
  /** The daily surveillance's per-tenant messages (functions/schedules.ts `SurveillanceDaily`). */
  readonly surveillanceQueue: Queue;
  readonly api: ComplianceApi;
  /** The web dashboard (CloudFront, its bucket and bundle), which calls the API under its own origin's `/v1/*`. */
  readonly dashboard: DashboardHosting;
  /** Assumed by the API route functions once per tenant, narrowed to that tenant (see `TenantAccessRole`). */
  readonly tenantAccess: TenantAccessRole;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config } = props;

    // Events carry customer references; the bus, its archive, the queues and the logs share one customer-managed key.
    const key = operationsKey(this);
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: EVENT_BUS_NAME,
      kmsKey: key,
      description: 'Operational events of the contact centre and the compliance events derived from them',
    });
    this.archive = new Archive(this, 'Archive', {
      sourceEventBus: this.bus,
      description: `Every event on ${EVENT_BUS_NAME}, kept for replay`,
      // No pattern at all: EventBridge then archives every event except replays, whoever sent it.
      eventPattern: {},
      // At most a month (config.ts says why): archived events cannot be erased one by one.
      retention: Duration.days(config.archiveRetentionDays),
    });
    encryptArchive(this.archive, key, EVENT_BUS_NAME);
    this.alarms = new AlarmTopic(this, 'Alarms', { emails: config.alarmEmails });
    this.alarms.alarmOnRefusedEvents(
      'EventsDeadLettered',
      deadLetteredEventsMetric(SERVICE_NAME),
      deadLettersRunbook(props.tableName),
    );
    // The data key rather than one more key to pay for and audit: the grant lets only Secrets Manager use it on the
    // reading functions' behalf (kms:ViaService).
    this.cursorSecret = new CursorSigningSecret(this, 'CursorSecret', { encryptionKey: props.dataKey });
    this.vendorMapping = new VendorMappingParameter(this, 'VendorMapping', {
      parameterName: `/${SERVICE_NAME}/${config.stage}/vendor-mapping`,
      json: config.vendorMapping.json,
    });

    const table = TableV2.fromTableAttributes(this, 'Table', {
      tableName: props.tableName,
      encryptionKey: props.dataKey,
      grantIndexPermissions: true,
    });
    // By its fixed name (like the table): no CloudFormation export ties the stacks together.
    const ledgerAnchors = Bucket.fromBucketAttributes(this, 'LedgerAnchors', {
      bucketName: bucketName(config.stage, 'ledger-anchors', this),
      encryptionKey: props.dataKey,
    });
    const recordings = Bucket.fromBucketAttributes(this, 'Recordings', {
      bucketName: bucketName(config.stage, 'recordings', this),
      encryptionKey: props.dataKey,
    });
    const reports = Bucket.fromBucketAttributes(this, 'ReportsBucket', {
      bucketName: bucketName(config.stage, 'reports', this),
      encryptionKey: props.dataKey,
    });
    this.functions = new Map(
      functionCatalog.map((definition) => [
        definition.name,
        this.addFunction(definition, table, { ledgerAnchors, recordings, reports }, config),
      ]),
    );
    this.warnWithoutRecordingSources(config);
    this.tenantAccess = new TenantAccessRole(this, 'TenantAccess', {
      table,
      routeFunctions: [...this.functions.values()].filter((fn) => servesApiRoutes(fn.definition.name)),
    });
    for (const rule of rules) this.addRule(rule);
    this.schedules = this.addSchedules(config.stage);
    this.vendorSources = this.addVendorSources(config);
    this.api = this.addApi(props);
    this.dashboard = this.addDashboard(props);
    this.surveillanceQueue = this.addSurveillanceQueue();

    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName, description: 'Send events here' });
    new CfnOutput(this, 'EventBusArn', { value: this.bus.eventBusArn });
  }

  private addApi(props: StatelessStackProps): ComplianceApi {
    const { config } = props;
    const api = new ComplianceApi(this, 'Api', {
      routes,
      functions: this.functions,
      userPool: props.userPool,
      issuerUrl: props.issuerUrl,
      api: config.api,
      signIn: config.signIn,
      logRetention: config.logRetention,
    });
    this.alarms.alarmOnServerErrors('ApiServerErrors', api.stage.metricServerError(), 'The compliance API');
    new CfnOutput(this, 'ApiUrl', {
      value: api.url,
      description: 'Base URL of the HTTP API (/docs for its reference)',
    });
    new CfnOutput(this, 'UserPoolId', { value: props.userPool.userPoolId, description: 'The users the API trusts' });
    new CfnOutput(this, 'UserPoolClientId', {
      value: api.signIn.client.userPoolClientId,
      description: 'App client of the web front-end; send its ID token as the bearer token',
    });
    new CfnOutput(this, 'SignInUrl', { value: api.signIn.domainUrl, description: 'Hosted sign-in domain' });
    return api;
  }

  private addDashboard(props: StatelessStackProps): DashboardHosting {
    const dashboard = new DashboardHosting(this, 'Dashboard', {
      api: this.api.httpApi,
      signIn: this.api.signIn,
      issuerUrl: props.issuerUrl,
      config: props.config.dashboard,
      logRetention: props.config.logRetention,
    });
    new CfnOutput(this, 'DashboardUrl', {
      value: dashboard.url,
      description: 'The compliance dashboard: sign in with a user of the pool (a role group, custom:tenants)',
    });
    return dashboard;
  }

  private addFunction(
    definition: FunctionDefinition,
    table: ITableV2,
    buckets: { ledgerAnchors: IBucket; recordings: IBucket; reports: IBucket },
    config: StatelessStackProps['config'],
  ): ComplianceFunction {
    const id = constructId(definition.name);
    const invocation = invocationOf(definition.name);
    const fn = new ComplianceFunction(this, id, {
      definition,
      table,
      bus: this.bus,
      logRetention: config.logRetention,
      logLevel: config.logLevel,
      asynchronous: invocation === 'asynchronous',
      ledgerAnchorBucket: buckets.ledgerAnchors,
      recordingsBucket: buckets.recordings,
      recordingSources: config.recordingSources,
      // The recordings bucket's policy lets only these roles read, by these names (the stateful stack's bucket).
      roleName: readsRecordings(definition) ? recordingReaderRoleName(config.stage, definition.name, this) : undefined,
    });
    if (definition.needsVendorMapping) this.vendorMapping.bind(fn.function);
    if (definition.reports === 'write') this.grantEvidencePacks(fn, buckets.reports);
    if (definition.reports === 'monthly') this.grantMonthlyReports(fn, buckets.reports);
    // Cursors page through table data: a route function that never reads the table (health, the API's documentation)
    // has nothing to page and does not get the key.
    if (servesApiRoutes(definition.name) && definition.table !== 'none') this.cursorSecret.bind(fn.function);
    this.alarms.alarmOnErrors(`${id}Errors`, fn.function, WHERE_FAILURES_GO[invocation]);
    if (fn.failureQueue) {
      this.alarms.alarmOnDeadLetters(
        `${id}FailuresWaiting`,
        fn.failureQueue,
        `failed invocations of ${definition.name}`,
      );
    }
    return fn;
  }

  /**
   * The evidence packs under `evidence/` of the reports bucket ({@link EVIDENCE_PACK_ACTIONS}), nothing else of it;
   * the data key only through S3: GenerateDataKey to encrypt the parts, Decrypt because completing a multipart
   * upload under SSE-KMS and the presigned GET both need it. `REPORTS_BUCKET` names the bucket and
   * `REPORTS_KMS_KEY_ID` the key each put asks for.
   */
  private grantEvidencePacks(fn: ComplianceFunction, bucket: IBucket): void {
    this.grantReportsObjects(fn, bucket, {
      prefix: EVIDENCE_PACK_PREFIX,
      actions: EVIDENCE_PACK_ACTIONS,
      what: 'evidence packs',
      reason: `Every tenant's evidence packs (${EVIDENCE_PACK_PREFIX}<tenant>/<window>/<generatedAt>.zip), written under a key the pack's generation time names; no other object of the bucket.`,
    });
  }

  /**
   * One prefix of the reports bucket for `fn` (`actions` on its objects), the data key through S3 only
   * (GenerateDataKey to encrypt, Decrypt to complete a multipart upload and to read back or presign), and the
   * bucket and key in its environment (`REPORTS_BUCKET`, `REPORTS_KMS_KEY_ID`).
   */
  private grantReportsObjects(
    fn: ComplianceFunction,
    bucket: IBucket,
    grant: { prefix: string; actions: string[]; what: string; reason: string },
  ): void {
    const role = fn.function.role as Role;
    const objects = bucket.arnForObjects(`${grant.prefix}*`);
    role.addToPolicy(new PolicyStatement({ actions: grant.actions, resources: [objects] }));
    const keyArn = bucket.encryptionKey?.keyArn;
    if (!keyArn)
      throw new Error(`${fn.definition.name} writes ${grant.what}, but the reports bucket's key was not given`);
    role.addToPolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${this.region}.amazonaws.com` } },
      }),
    );
    fn.function.addEnvironment('REPORTS_BUCKET', bucket.bucketName);
    fn.function.addEnvironment('REPORTS_KMS_KEY_ID', keyArn);
    Validations.of(role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::${nagResource(fn, objects)}]`,
      reason: grant.reason,
    });
  }

  /**
   * The monthly reports under `reports/` of the reports bucket (PutObject, and GetObject: a retried delivery reads
   * the archived message, a link is a presigned GET), the data key through S3 only, and SES sending from the one
   * identity of context `reportsFromAddress` (`REPORTS_FROM_ADDRESS`; its domain's identity, or
   * `reportsFromIdentity` when the address is verified by itself). Without that context nothing may be sent and
   * synthesis warns.
   */
  private grantMonthlyReports(fn: ComplianceFunction, bucket: IBucket): void {
    const role = fn.function.role as Role;
    this.grantReportsObjects(fn, bucket, {
      prefix: MONTHLY_REPORT_PREFIX,
      actions: ['s3:PutObject', 's3:GetObject'],
      what: 'monthly reports',
      reason: `Every tenant's monthly reports (${MONTHLY_REPORT_PREFIX}<tenant>/<yyyy-mm>/v<n>/<file>); no other object of the bucket.`,
    });
    const from = this.node.tryGetContext('reportsFromAddress') as string | undefined;
    if (typeof from !== 'string' || !from.includes('@')) {
      Annotations.of(this).addWarningV2(
        'ccc:reports-from-address',
        `${fn.definition.name} cannot send monthly reports: set context reportsFromAddress (a verified SES identity)`,
      );
      return;
    }
    const identity = (this.node.tryGetContext('reportsFromIdentity') as string | undefined) ?? from.split('@')[1];
    const identityArn = this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity });
    role.addToPolicy(new PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: [identityArn] }));
    fn.function.addEnvironment('REPORTS_FROM_ADDRESS', from);
    fn.function.addEnvironment('REPORTS_FROM_IDENTITY_ARN', identityArn);
  }

  private warnWithoutRecordingSources(config: StatelessStackProps['config']): void {
    const { buckets, origins } = config.recordingSources;
    const ingests = functionCatalog.some((definition) => definition.recordings?.includes('ingest'));
    if (!ingests || buckets.length + origins.length > 0) return;
    Annotations.of(this).addWarningV2(
      `${SERVICE_NAME}:recording-sources-empty`,
      'No context recordingSourceBuckets or recordingSourceOrigins: no recording source is allowed, so every ' +
        'recording.available is refused. Set -c recordingSourceBuckets=<bucket> (and recordingSourceKeyArns=<key ARN> ' +
        'if its objects are encrypted with a customer-managed key) or -c recordingSourceOrigins=https://<host>.',
    );
  }

  private addVendorSources(config: StatelessStackProps['config']): VendorEventSources {
    const ctrConsumer = this.functions.get(CONNECT_CTR_CONSUMER);
    if (!ctrConsumer) {
      throw new Error(`${CONNECT_CTR_CONSUMER} (the contact-record consumer) is not in functions/catalog.ts`);
    }
    if (config.vendorMapping.origin === undefined) {
      Annotations.of(this).addWarningV2(
        `${SERVICE_NAME}:vendor-mapping-empty`,
        'No context vendorMapping: the vendor mapping is empty, so every Amazon Connect and Genesys Cloud contact ' +
          'is dead-lettered as unmapped. Set -c vendorMapping=<file.json>.',
      );
    }
    return new VendorEventSources(this, 'VendorSources', {
      ...config.vendorSources,
      bus: this.bus,
      rules,
      ctrConsumer: ctrConsumer.function,
      alarms: this.alarms,
    });
  }

  /**
   * The daily surveillance's fan-out (issue 13): the enumerator may only send to the surveillance queue, and the
   * queue invokes the consumer through an SQS event source that reports batch item failures. Encrypted with the
   * operations key (a message names a tenant and its days), TLS only; a message stays invisible six times the
   * consumer's timeout once received (AWS's advice for SQS event sources, so that retries of an invocation do not
   * redeliver it meanwhile), and after its third receive it is kept in a dead-letter queue, whose depth is alarmed.
   */
  private addSurveillanceQueue(): Queue {
    const consumer = this.functions.get(SURVEILLANCE_CONSUMER);
    const enumerator = this.functions.get(SURVEILLANCE_ENUMERATOR);
    if (!consumer || !enumerator)
      throw new Error(`${SURVEILLANCE_ENUMERATOR} and ${SURVEILLANCE_CONSUMER} must be in functions/catalog.ts`);
    const deadLetters = new DeadLetterQueue(this, 'SurveillanceDeadLetters').queue;
    const key = operationsKey(this);
    const queue = new Queue(this, 'SurveillanceQueue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      dataKeyReuse: Duration.minutes(5),
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(6 * consumer.timeout.toSeconds()),
      // A message a day old is replaced by the next day's, which catches its tenant up.
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 3 },
    });
    consumer.function.addEventSource(
      new SqsEventSource(queue, { ...SURVEILLANCE_MAPPING, reportBatchItemFailures: true }),
    );
    // SendMessage only (SendMessageBatch is authorised by it), and the key only as SQS uses it to encrypt.
    enumerator.function.addToRolePolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
    );
    enumerator.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sqs.${this.region}.amazonaws.com` } },
      }),
    );
    enumerator.function.addEnvironment('SURVEILLANCE_QUEUE_URL', queue.queueUrl);
    this.alarms.alarmOnDeadLetters(
      'SurveillanceDeadLettered',
      deadLetters,
      'surveillance messages that failed three times (the next day catches their tenants up)',
    );
    return queue;
  }

  private addSchedules(stage: string): ComplianceSchedules {
    const scheduler = new ComplianceSchedules(this, 'Schedules', {
      groupName: `${SERVICE_NAME}-${stage}`,
      schedules,
      functions: this.functions,
    });
    for (const [name, { deadLetters }] of scheduler.schedules) {
      this.alarms.alarmOnDeadLetters(`${name}ScheduleUndelivered`, deadLetters, `schedule ${name} could not invoke`);
    }
    return scheduler;
  }

  private addRule(definition: RuleDefinition): Rule {
    const target = this.functions.get(definition.target);
    if (!target) {
      throw new Error(`rule ${definition.name} targets ${definition.target}, which is not in functions/catalog.ts`);
    }
    const deadLetters = new DeadLetterQueue(this, `${definition.name}DeadLetters`).queue;
    this.alarms.alarmOnDeadLetters(
      `${definition.name}Undelivered`,
      deadLetters,
      `events rule ${definition.name} could not deliver`,
    );
    return new Rule(this, definition.name, {
      eventBus: this.bus,
      description: definition.description,
      // The pattern is AWS's JSON form ('detail-type'), which CDK passes through unchanged.
      eventPattern: definition.eventPattern as EventPattern,
      targets: [new LambdaFunction(target.function, { ...RULE_TARGET_RETRY, deadLetterQueue: deadLetters })],
    });
  }
}
