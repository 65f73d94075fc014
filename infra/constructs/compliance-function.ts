import { join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type FunctionDefinition, handlerEntry } from '../../functions/catalog.js';
import { type LogLevel, PROJECT_ROOT, SERVICE_NAME } from '../config.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { nagResource } from './nag-resource.js';

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
  /** Variables of this function only, added to those every function gets (`VENDOR_MAPPING`, say). */
  environment?: Readonly<Record<string, string>>;
}

/** Lets esbuild's ESM output load the CommonJS dependencies that still call `require`. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

const DEFAULT_MEMORY_MB = 256;
const DEFAULT_TIMEOUT_SECONDS = 10;

/**
 * One Lambda function of the catalog with the runtime defaults every function shares (Node.js 22 on arm64, an ESM
 * bundle built locally by esbuild, X-Ray, an explicit log group with retention, Powertools settings) and
 * least-privilege grants derived from its catalog entry. For an asynchronously invoked function, failed invocations
 * (after Lambda's own two retries) land in a dead-letter queue with the error that caused them.
 */
export class ComplianceFunction extends Construct {
  readonly function: NodejsFunction;
  /** Present when the function is invoked asynchronously (see {@link ComplianceFunctionProps.asynchronous}). */
  readonly failureQueue: Queue | undefined;
  readonly logGroup: LogGroup;
  readonly timeout: Duration;

  constructor(scope: Construct, id: string, props: ComplianceFunctionProps) {
    super(scope, id);
    const { definition, table, bus } = props;

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to every log group.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${definition.name}`,
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
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        externalModules: ['@aws-sdk/*'],
        minify: true,
        sourceMap: true,
        // Stack traces still map to file and line; the source itself is not shipped.
        sourcesContent: false,
      },
      ...(this.failureQueue && {
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
        onFailure: new SqsDestination(this.failureQueue),
      }),
    });

    this.grant(props);
    this.acknowledgeInherentFindings(role, props);
  }

  private grant({ definition, table, bus }: ComplianceFunctionProps): void {
    if (definition.table === 'read') table.grantReadData(this.function);
    if (definition.table === 'read-write') table.grantReadWriteData(this.function);
    if (definition.publishesEvents) bus.grantPutEventsTo(this.function);
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
