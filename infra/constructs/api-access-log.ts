import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import type { IAccessLogSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * One JSON object per request (HTTP API `$context` variables). Enough to answer "who called what, from where, and
 * how did it end": the token's subject, never the token or any request header, body or query string.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  sub: '$context.authorizer.claims.sub',
} as const;

/** Options of the {@link ApiAccessLog}. */
export interface ApiAccessLogProps {
  retention: RetentionDays;
}

/**
 * Where the HTTP API writes its access log: a log group encrypted with its own customer-managed key (the entries
 * hold IP addresses and user ids, i.e. personal data) and retained with the stack's other logs. The key is not the
 * stateful stack's data key, so that key's policy never has to name this stack's resources.
 */
export class ApiAccessLog extends Construct {
  readonly logGroup: LogGroup;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: ApiAccessLogProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the compliance API access log',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    // CloudWatch Logs may use the key for log groups of this account and region only.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
          },
        },
      }),
    );
    this.logGroup = new LogGroup(this, 'LogGroup', {
      encryptionKey: this.key,
      retention: props.retention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** The stage setting that sends one {@link ACCESS_LOG_FIELDS} line per request to this log group. */
  settings(): IAccessLogSettings {
    return {
      destination: new LogGroupLogDestination(this.logGroup),
      format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
    };
  }
}
