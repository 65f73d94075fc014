import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Aws, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionEventType,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';
import { WEB_DIST } from '../../web/build.js';
import { CALLBACK_PATH, DASHBOARD_BASE_PATH, type DashboardRuntimeConfig } from '../../web/runtime-config.js';
import { contentSecurityPolicy, SECURITY_HEADERS } from '../../web/security-headers.js';
import type { DashboardConfig } from '../config.js';
import { ACCESS_LOG_RETENTION } from './compliance-buckets.js';
import { dashboardRoutingFunction } from './dashboard-routing.js';
import { nagResource } from './nag-resource.js';
import { operationsKey } from './operations-key.js';
import type { SignInClient } from './sign-in-client.js';

/** The key prefix of the bundle in its bucket: `/app/assets/x.js` is the object `app/assets/x.js`. */
export const DASHBOARD_KEY_PREFIX = DASHBOARD_BASE_PATH.slice(1);

/** The API's path pattern on the distribution: every route of functions/routes.ts the page calls is under `/v1/`. */
export const API_PATH_PATTERN = '/v1/*';

/** Vite names every file under `assets/` by its content hash, so a browser may keep one for a year unasked. */
export const HASHED_ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** The OAuth scopes the dashboard asks for (the SignInClient allows these). */
export const DASHBOARD_SCOPES = ['openid', 'email', 'profile'] as const;

/** What the {@link DashboardHosting} serves and whom it signs in with. */
export interface DashboardHostingProps {
  /** The HTTP API, served under {@link API_PATH_PATTERN} of the same origin. */
  api: IHttpApi;
  /** The app client and hosted domain the page signs in with; the distribution's URLs are added to its redirects. */
  signIn: SignInClient;
  /** The `iss` of the user pool's ID tokens. */
  issuerUrl: string;
  config: DashboardConfig;
  /** How long the bundle deployment's own log is kept. */
  logRetention: RetentionDays;
  /** The built bundle (default web/dist, which `ensureWebBuildSync` in infra/stacks/compliance-app.ts keeps current). */
  bundleDirectory?: string;
}

/**
 * The dashboard in AWS: the Vite bundle of web/ in a private bucket that only this distribution may read (origin
 * access control, every request signed), served under `/app/` with the security headers of web/security-headers.ts,
 * HTTPS only, and the HTTP API under `/v1/*` of the same origin, so that the page calls its own origin (no CORS) and
 * its CSP need name only the hosted sign-in domain besides. `/app/config.json` tells the page where to sign in.
 */
export class DashboardHosting extends Construct {
  readonly bucket: Bucket;
  /** The distribution's access logs (`cloudfront/`) and the bundle bucket's server access logs (`s3/`). */
  readonly logs: Bucket;
  readonly distribution: Distribution;
  readonly responseHeaders: ResponseHeadersPolicy;
  /** `https://<host>` of every name the page is served at: the custom domains first, then the CloudFront one. */
  readonly origins: readonly string[];
  /** What `/app/config.json` holds. */
  readonly runtimeConfig: DashboardRuntimeConfig;

  constructor(scope: Construct, id: string, props: DashboardHostingProps) {
    super(scope, id);
    const { config, signIn } = props;
    const bundle = props.bundleDirectory ?? WEB_DIST;
    if (!existsSync(join(bundle, 'index.html'))) {
      throw new Error(`no dashboard bundle in ${bundle}: run npm run build:web`);
    }
    this.logs = this.addLogBucket();
    this.bucket = new Bucket(this, 'Bundle', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 's3/',
      // Retained like every bucket of the product: emptying it on deletion would take one more function with an
      // AWS-managed policy. Deleting the stack leaves it (and the log bucket) to be emptied and deleted by hand.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.responseHeaders = this.addResponseHeaders(signIn.domainUrl);
    this.distribution = this.addDistribution(props);
    this.origins = [...config.domainNames, this.distribution.distributionDomainName].map((host) => `https://${host}`);
    signIn.allowRedirects({
      callbackUrls: this.origins.map((origin) => `${origin}${CALLBACK_PATH}`),
      logoutUrls: this.origins.map((origin) => `${origin}${DASHBOARD_BASE_PATH}`),
    });
    this.runtimeConfig = {
      apiBaseUrl: '',
      auth: {
        issuer: props.issuerUrl,
        clientId: signIn.client.userPoolClientId,
        domainUrl: signIn.domainUrl,
        scopes: [...DASHBOARD_SCOPES],
      },
      environment: 'aws',
    };
    this.deployBundle(bundle, props.logRetention);
    this.acknowledgeFindings(config);
  }

  /** Where a person opens the dashboard. */
  get url(): string {
    return `${this.origins[0]}${DASHBOARD_BASE_PATH}`;
  }

  private addLogBucket(): Bucket {
    const logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // CloudFront's standard logs are delivered with an object ACL, so this bucket keeps ACLs on (object writer).
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: ACCESS_LOG_RETENTION }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason: "This is the dashboard's access-log bucket; logging its own requests into itself would loop.",
    });
    return logs;
  }

  private addResponseHeaders(signInDomainUrl: string): ResponseHeadersPolicy {
    const { strictTransportSecurity: hsts } = SECURITY_HEADERS;
    return new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Dashboard security headers (web/security-headers.ts)',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy({ connectSources: [signInDomainUrl] }),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(hsts.maxAgeSeconds),
          includeSubdomains: hsts.includeSubdomains,
          preload: hsts.preload,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: SECURITY_HEADERS.permissionsPolicy, override: true },
          { header: 'Cross-Origin-Opener-Policy', value: SECURITY_HEADERS.crossOriginOpenerPolicy, override: true },
        ],
      },
    });
  }

  private addDistribution({ api, config }: DashboardHostingProps): Distribution {
    const stack = Stack.of(this);
    const tls =
      config.certificateArn === undefined
        ? {}
        : {
            domainNames: config.domainNames,
            certificate: Certificate.fromCertificateArn(this, 'Certificate', config.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          };
    return new Distribution(this, 'Distribution', {
      comment: `${stack.stackName}: compliance dashboard`,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeaders,
        functionAssociations: [
          { function: dashboardRoutingFunction(this, 'Routing'), eventType: FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        // CloudFront forwards the viewer's Authorization header only in the cache key or with every viewer header;
        // with caching disabled, "all viewer headers except Host" carries the bearer token to the API without
        // letting a cached answer for one user reach another, and API Gateway gets its own Host back.
        [API_PATH_PATTERN]: {
          origin: new HttpOrigin(`${api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.responseHeaders,
        },
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America and Europe, where the provider and its clients work; other viewers reach the nearest of them.
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
      webAclId: config.webAclArn,
      ...tls,
    });
  }

  /**
   * Two deployments, so that each gets its own Cache-Control: the hashed files of `assets/` for a year, and the rest
   * (index.html, `config.json`, anything of web/public) revalidated on every load, so a deployment shows at once.
   * Source maps stay out: the page needs none and they would publish the sources. Old hashed files are kept (no prune
   * under `assets/`), so that a page loaded before a deployment can still fetch the chunks it names.
   */
  private deployBundle(bundle: string, logRetention: RetentionDays): void {
    const { role, logGroup } = this.addDeploymentRole(logRetention);
    const assets = new BucketDeployment(this, 'DeployAssets', {
      role,
      logGroup,
      sources: [Source.asset(join(bundle, 'assets'), { exclude: ['*.map'] })],
      destinationBucket: this.bucket,
      destinationKeyPrefix: `${DASHBOARD_KEY_PREFIX}assets/`,
      exclude: ['*.map'],
      prune: false,
      cacheControl: [CacheControl.fromString(HASHED_ASSET_CACHE_CONTROL)],
    });
    const entry = new BucketDeployment(this, 'DeployEntry', {
      role,
      logGroup,
      sources: [
        Source.asset(bundle, { exclude: ['*.map', '.source-hash', 'assets'] }),
        Source.jsonData('config.json', this.runtimeConfig),
      ],
      destinationBucket: this.bucket,
      destinationKeyPrefix: DASHBOARD_KEY_PREFIX,
      // Leaves the other deployment's files alone when this one prunes.
      exclude: ['assets/*'],
      cacheControl: [CacheControl.noCache()],
    });
    // The new index.html names the new chunks: they are uploaded first.
    entry.node.addDependency(assets);
    const handler = Stack.of(this).node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (!handler) throw new Error("aws-cdk-lib's BucketDeployment handler was not found in the stack");
    this.acknowledgeDeploymentHandler(handler, role);
  }

  /**
   * The copying function's role and log, instead of the defaults: the default role carries the AWS-managed
   * AWSLambdaBasicExecutionRole, which may write to every log group. This one writes to its own encrypted log group
   * only; the deployments add their S3 grants to it.
   */
  private addDeploymentRole(logRetention: RetentionDays): { role: Role; logGroup: LogGroup } {
    const logGroup = new LogGroup(this, 'DeploymentLog', {
      encryptionKey: operationsKey(this),
      retention: logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the dashboard bundle into its bucket at deployment (aws-cdk-lib BucketDeployment)',
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    return { role, logGroup };
  }

  /**
   * The copying function aws-cdk-lib adds once per stack for every BucketDeployment: its code, runtime and grants are
   * the library's. It reads the bundle's asset zips from the CDK assets bucket and syncs them into the bundle bucket.
   */
  private acknowledgeDeploymentHandler(handler: IConstruct, role: Role): void {
    const stack = Stack.of(this);
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        "aws-cdk-lib's BucketDeployment handler: its runtime is the one the library ships and tests it with, and " +
        'moves with the library version, not with each new Lambda runtime.',
    });
    const ack = (id: string, reason: string) => Validations.of(role).acknowledge({ id: `AwsSolutions::${id}`, reason });
    const synthesizer = stack.synthesizer;
    const qualifier =
      (synthesizer instanceof DefaultStackSynthesizer ? synthesizer.bootstrapQualifier : undefined) ??
      DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const assetObjects = `arn:${Aws.PARTITION}:s3:::cdk-${qualifier}-assets-${stack.account}-${stack.region}/*`;
    const grants: [string, string][] = [
      ['Action::s3:GetBucket*', 'Reads the asset bucket and the bundle bucket it syncs (location, versioning).'],
      ['Action::s3:GetObject*', "Reads the bundle's asset zips, and the bundle's objects it compares when syncing."],
      ['Action::s3:List*', 'Lists what is under app/ to sync the bundle into it.'],
      ['Action::s3:DeleteObject*', 'Removes files of an older bundle under app/ (not under app/assets/, kept).'],
      ['Action::s3:Abort*', 'Aborts its own multipart uploads of the bundle when a deployment fails.'],
      [
        `Resource::${nagResource(this, this.bucket.arnForObjects('*'))}`,
        'Every object of the bundle bucket, which holds nothing but the bundle.',
      ],
      [
        `Resource::${nagResource(this, assetObjects)}`,
        "The CDK assets bucket's objects, among which the bundle's zips, under names that are content hashes.",
      ],
    ];
    for (const [finding, reason] of grants)
      ack(`AwsSolutions-IAM5[${finding}]`, `BucketDeployment of the dashboard: ${reason}`);
  }

  private acknowledgeFindings(config: DashboardConfig): void {
    const ack = (id: string, reason: string) =>
      Validations.of(this.distribution).acknowledge({ id: `AwsSolutions::${id}`, reason });
    ack(
      'AwsSolutions-CFR1',
      'No geo restriction: the provider, its client organisations and their auditors sign in from wherever they ' +
        'work; every call for data needs a token from the user pool, which requires MFA.',
    );
    if (config.webAclArn === undefined) {
      ack(
        'AwsSolutions-CFR2',
        'No WAF web ACL unless context dashboardWebAclArn names one: the page is static files, and the API behind ' +
          '/v1/* is throttled per stage and refuses calls without a valid token.',
      );
    }
    if (config.certificateArn === undefined) {
      ack(
        'AwsSolutions-CFR4',
        "CloudFront's default *.cloudfront.net certificate, whose security policy CloudFront fixes (TLSv1), until " +
          'contexts dashboardDomainNames and dashboardCertificateArn name a domain; then viewers need TLS 1.2.',
      );
    }
  }
}
