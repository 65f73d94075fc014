/**
 * Deployment settings of the CDK app, read from CDK context (`cdk.json` or `cdk synth -c key=value`).
 * Everything here is a knob an operator turns per stage; what the product *is* (table, rules, functions) stays
 * in `shared/`, `events/` and `functions/`.
 */

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { GENESYS_SOURCE_PREFIX } from '../events/adapters/genesys-conversation.js';
import { ADVANCED_PARAMETER_MAX_BYTES, encodeVendorMapping } from '../shared/adapters/vendor-mapping-encoding.js';
import { InvalidVendorMappingError, loadVendorMapping } from '../shared/domain/vendor/load-vendor-mapping.js';
import type { VendorMapping } from '../shared/domain/vendor/vendor-mapping.js';

/** The repository root: handler entries and the lock file are resolved from here, whatever the working directory. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Names the product in stack names, tags and `POWERTOOLS_SERVICE_NAME`. */
export const SERVICE_NAME = 'ccc-compliance';

/** `POWERTOOLS_LOG_LEVEL` values. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** The validated deployment settings of one stage. */
export interface DeploymentConfig {
  /** Context `stage` (default `dev`): a short lower-case name that prefixes stack names. */
  stage: string;
  /**
   * Context `archiveRetentionDays` (default and most {@link ARCHIVE_RETENTION_MAX_DAYS}): how long the bus archive
   * keeps events for replay. Events carry personal data (a contact's `customerRef`, which names a data subject), and
   * an archived event cannot be erased: EventBridge archives offer no deletion of single events. GDPR Art. 12(3)
   * gives a controller one month to act on an erasure request (Art. 17), so the archive must forget every event
   * within that month on its own; a longer retention would keep erased customers' contacts replayable.
   */
  archiveRetentionDays: number;
  /**
   * Context `ledgerAnchorRetentionDays` (default {@link LEDGER_ANCHOR_RETENTION_DEFAULT_DAYS}): how long S3 Object
   * Lock (compliance mode: nobody, not even the account root, can shorten it) keeps each ledger anchor. Anchors hold
   * a tenant id, a sequence number and a hash, no personal data, so they may outlive erasure.
   */
  ledgerAnchorRetentionDays: number;
  /** Context `logRetentionDays` (default 90): one of the values CloudWatch Logs accepts. */
  logRetention: RetentionDays;
  /** Context `logLevel` (default `INFO`): `POWERTOOLS_LOG_LEVEL` of every function. */
  logLevel: LogLevel;
  /** Context `alarmEmails` (default none): an array, or a comma-separated string from the command line. */
  alarmEmails: string[];
  /** Context `contributorInsights` (default false): CloudWatch Contributor Insights on the table. */
  contributorInsights: boolean;
  /** The HTTP API's edge settings. */
  api: ApiConfig;
  /** How people sign in (the Cognito app client and its hosted domain). */
  signIn: SignInConfig;
  /** Where the dashboard is served from (CloudFront). */
  dashboard: DashboardConfig;
  /** Where vendor events and contact records come from. */
  vendorSources: VendorSourcesConfig;
  /** Which tenant and centre each vendor contact belongs to. */
  vendorMapping: VendorMappingConfig;
  /** Where the ingestion may fetch announced recordings from. */
  recordingSources: RecordingSourcesConfig;
}

/**
 * The telephony platforms' copies of recordings the ingestion may read (`recording.available`'s `location`): nothing
 * else is fetched. The function gets them as `RECORDING_SOURCES` and its role may read the buckets' objects only.
 */
export interface RecordingSourcesConfig {
  /**
   * Context `recordingSourceBuckets` (default none): S3 buckets holding the platforms' recordings (Amazon Connect's
   * call-recording bucket, say), by name; the ingestion may read their objects (`s3:GetObject`) and nothing else.
   */
  buckets: string[];
  /**
   * Context `recordingSourceKeyArns` (default none): the customer-managed KMS keys those buckets' objects are encrypted
   * with (Amazon Connect encrypts recordings with a KMS key), which the ingestion may use to decrypt, through S3 only.
   */
  keyArns: string[];
  /** Context `recordingSourceOrigins` (default none): HTTPS origins the ingestion may fetch from, `https://<host>[:port]`. */
  origins: string[];
}

/** The vendor platforms' feeds that exist only in some deployments. */
export interface VendorSourcesConfig {
  /**
   * Context `genesysPartnerEventSource` (default none): the Genesys Cloud partner event source
   * (`aws.partner/genesys.com/cloud/<organization>/<name>`), whose events are forwarded to the compliance bus.
   */
  genesysPartnerEventSource: string | undefined;
  /** Context `connectCtrStreamArn` (default none, so no consumer): the Amazon Connect contact-record stream. */
  connectCtrStream: ConnectCtrStreamConfig | undefined;
}

/** The Kinesis stream Amazon Connect writes contact records (CTRs) to. */
export interface ConnectCtrStreamConfig {
  /** Context `connectCtrStreamArn`: a stream of this account or another, in the deployment's region. */
  streamArn: string;
  /**
   * Context `connectCtrStartingPosition` (default `TRIM_HORIZON`: everything the stream still holds, which is safe
   * because ingestion is idempotent); `LATEST` starts from new records only.
   */
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** Context `connectCtrStreamKeyArn` (default none): the customer-managed key the stream is encrypted with, if any. */
  keyArn: string | undefined;
}

/** The vendor mapping the translators and the contact-record consumer read from an SSM parameter. */
export interface VendorMappingConfig {
  /** Context `vendorMapping`: `inline`, or the file it was read from; undefined when none was given. */
  origin: string | undefined;
  /** The validated mapping as compact JSON, without its descriptions (they only document the file). */
  json: string;
}

/** The largest value of an SSM parameter (Advanced tier); a larger mapping would need AppConfig. */
export const VENDOR_MAPPING_MAX_BYTES = ADVANCED_PARAMETER_MAX_BYTES;

/** Settings of the HTTP API stage. */
export interface ApiConfig {
  /**
   * Context `corsOrigins` (default none, which means no CORS configuration at all): the browser origins of web
   * front-ends allowed to call the API, each `https://host[:port]` (or `http://localhost[:port]` for development).
   */
  corsOrigins: string[];
  /** Context `apiThrottleRate` (default 50): steady-state requests per second across the stage. */
  throttleRateLimit: number;
  /** Context `apiThrottleBurst` (default 100): requests the stage absorbs in a burst above the rate. */
  throttleBurstLimit: number;
}

/** Settings of the Cognito app client a web front-end signs in with. */
export interface SignInConfig {
  /**
   * Context `authCallbackUrls` (default none): where the hosted sign-in may send the authorization code. Without any,
   * the client offers no OAuth flow at all rather than a placeholder redirect.
   */
  callbackUrls: string[];
  /** Context `authLogoutUrls` (default none): where the hosted sign-out may return. */
  logoutUrls: string[];
  /**
   * Context `authDomainPrefix`: the Cognito hosted domain `<prefix>.auth.<region>.amazoncognito.com`. Default
   * `ccc-compliance-<stage>-stateless-<account>` (`defaultAuthDomainPrefix` in infra/constructs/sign-in-client.ts),
   * because the dashboard signs in through it in every stage.
   */
  domainPrefix: string | undefined;
}

/**
 * The dashboard's CloudFront distribution (infra/constructs/dashboard-hosting.ts). Without a custom domain it is
 * served at its `*.cloudfront.net` name with CloudFront's default certificate.
 */
export interface DashboardConfig {
  /**
   * Context `dashboardDomainNames` (default none): host names the distribution answers to (`compliance.example.org`),
   * each pointed at it by a DNS record the operator creates. Requires `dashboardCertificateArn`.
   */
  domainNames: string[];
  /**
   * Context `dashboardCertificateArn` (default none): an ACM certificate in us-east-1 (CloudFront takes certificates
   * from there only) covering every name of `dashboardDomainNames`; with it viewers need TLS 1.2 at least.
   */
  certificateArn: string | undefined;
  /** Context `dashboardWebAclArn` (default none): a WAFv2 web ACL of scope CLOUDFRONT to put in front of the page. */
  webAclArn: string | undefined;
}

/**
 * The longest the bus archive may keep events: the one month GDPR Art. 12(3) allows for acting on an erasure request,
 * counted as its shortest (a 30-day month), because archived events cannot be erased one by one.
 */
export const ARCHIVE_RETENTION_MAX_DAYS = 30;

/**
 * Three years: an ISO 18295 certificate's cycle (initial audit, two surveillance audits, recertification), so every
 * audit of a cycle can check the ledger against anchors that nobody could have rewritten.
 */
export const LEDGER_ANCHOR_RETENTION_DEFAULT_DAYS = 1095;

/** A context value AWS would reject, or that would deploy something other than what was meant. */
export class DeploymentConfigError extends Error {
  override name = 'DeploymentConfigError';
}

const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,15}$/;
const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** An origin as browsers send it: scheme, host and optional port, nothing else; plain HTTP only for localhost. */
const ORIGIN_PATTERN = /^(https:\/\/[a-z0-9.-]+|http:\/\/localhost)(:\d{1,5})?$/;
/** Cognito accepts HTTPS redirects, and plain HTTP to localhost only. */
const REDIRECT_PATTERN = /^(https:\/\/[^\s/?#]+|http:\/\/localhost(:\d{1,5})?)(\/[^\s#]*)?$/;
/** Cognito's rule for prefix domains; it also reserves the words below. */
const DOMAIN_PREFIX_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const RESERVED_DOMAIN_WORDS = ['aws', 'amazon', 'cognito'];
/** `aws.partner/genesys.com/cloud/<organization>/<name>`, the only partner source name Genesys Cloud creates. */
const GENESYS_SOURCE_PATTERN = new RegExp(
  `^${GENESYS_SOURCE_PREFIX.replace(/\./g, '\\.')}/cloud/[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$`,
);
const KINESIS_STREAM_ARN_PATTERN = /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[A-Za-z0-9_.-]{1,128}$/;
/** A key ARN, not an alias: IAM matches kms:Decrypt against the key's own ARN. */
const KMS_KEY_ARN_PATTERN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
/** An S3 bucket name (general purpose bucket rules: 3 to 63 lower-case letters, digits, dots and hyphens). */
const BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/**
 * An HTTPS origin of `RECORDING_SOURCES` (`shared/domain/recording/source-allow-list.ts`): a scheme and a host name,
 * and a port only if not 443; no path. Plain HTTP is for loopback on one machine only.
 */
const RECORDING_ORIGIN_PATTERN =
  /^https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$/;
/** CloudFront takes viewer certificates from ACM in us-east-1 only. */
const CLOUDFRONT_CERTIFICATE_ARN_PATTERN = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[A-Za-z0-9-]+$/;
/** A WAFv2 web ACL of scope CLOUDFRONT, which lives in us-east-1 under `global/`. */
const CLOUDFRONT_WEB_ACL_ARN_PATTERN =
  /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[A-Za-z0-9_-]{1,128}\/[a-f0-9-]{36}$/;
/** A DNS host name, lower case, with at least one dot. */
const HOST_NAME_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const STARTING_POSITIONS: readonly ConnectCtrStreamConfig['startingPosition'][] = ['TRIM_HORIZON', 'LATEST'];

function integer(node: Node, key: string, fallback: number): number {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined) return fallback;
  const value = typeof raw === 'number' ? raw : Number(String(raw));
  if (!Number.isInteger(value) || value <= 0) {
    throw new DeploymentConfigError(`context ${key} must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function flag(node: Node, key: string): boolean {
  const raw: unknown = node.tryGetContext(key);
  return raw === true || raw === 'true';
}

function list(node: Node, key: string): string[] {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return [];
  const items = Array.isArray(raw) ? raw.map(String) : String(raw).split(',');
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

function matching(node: Node, key: string, pattern: RegExp, what: string): string[] {
  const values = list(node, key);
  const invalid = values.filter((value) => !pattern.test(value));
  if (invalid.length > 0) throw new DeploymentConfigError(`context ${key} has ${what}: ${invalid.join(', ')}`);
  return values;
}

function apiConfig(node: Node): ApiConfig {
  return {
    // '*' is refused by the pattern: the API serves personal data, so every front-end origin is named.
    corsOrigins: matching(node, 'corsOrigins', ORIGIN_PATTERN, 'invalid origins (https://host[:port], no path)'),
    throttleRateLimit: integer(node, 'apiThrottleRate', 50),
    throttleBurstLimit: integer(node, 'apiThrottleBurst', 100),
  };
}

function signInConfig(node: Node): SignInConfig {
  const raw: unknown = node.tryGetContext('authDomainPrefix');
  const domainPrefix = raw === undefined || raw === null || raw === '' ? undefined : String(raw);
  if (
    domainPrefix !== undefined &&
    (!DOMAIN_PREFIX_PATTERN.test(domainPrefix) || RESERVED_DOMAIN_WORDS.some((word) => domainPrefix.includes(word)))
  ) {
    throw new DeploymentConfigError(
      `context authDomainPrefix must match ${DOMAIN_PREFIX_PATTERN} without ${RESERVED_DOMAIN_WORDS.join('/')}, got ${JSON.stringify(domainPrefix)}`,
    );
  }
  const urls = (key: string) => matching(node, key, REDIRECT_PATTERN, 'invalid URLs (https, or http://localhost)');
  return { callbackUrls: urls('authCallbackUrls'), logoutUrls: urls('authLogoutUrls'), domainPrefix };
}

function optional(node: Node, key: string, pattern: RegExp, what: string): string | undefined {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = String(raw).trim();
  if (!pattern.test(value)) {
    throw new DeploymentConfigError(`context ${key} must be ${what}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function dashboardConfig(node: Node): DashboardConfig {
  const domainNames = matching(node, 'dashboardDomainNames', HOST_NAME_PATTERN, 'invalid host names');
  const certificateArn = optional(
    node,
    'dashboardCertificateArn',
    CLOUDFRONT_CERTIFICATE_ARN_PATTERN,
    'an ACM certificate ARN in us-east-1 (CloudFront uses no other region)',
  );
  if (domainNames.length > 0 !== (certificateArn !== undefined)) {
    throw new DeploymentConfigError(
      'contexts dashboardDomainNames and dashboardCertificateArn go together: CloudFront serves a custom domain only ' +
        'with a certificate that covers it',
    );
  }
  const webAclArn = optional(
    node,
    'dashboardWebAclArn',
    CLOUDFRONT_WEB_ACL_ARN_PATTERN,
    'a WAFv2 web ACL ARN of scope CLOUDFRONT (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)',
  );
  return { domainNames, certificateArn, webAclArn };
}

function vendorSourcesConfig(node: Node): VendorSourcesConfig {
  const streamArn = optional(node, 'connectCtrStreamArn', KINESIS_STREAM_ARN_PATTERN, 'a Kinesis stream ARN');
  const position = String(node.tryGetContext('connectCtrStartingPosition') ?? 'TRIM_HORIZON').toUpperCase();
  if (!STARTING_POSITIONS.some((known) => known === position)) {
    throw new DeploymentConfigError(
      `context connectCtrStartingPosition must be one of ${STARTING_POSITIONS.join(', ')}, got ${position}`,
    );
  }
  const keyArn = optional(node, 'connectCtrStreamKeyArn', KMS_KEY_ARN_PATTERN, 'a KMS key ARN');
  return {
    genesysPartnerEventSource: optional(
      node,
      'genesysPartnerEventSource',
      GENESYS_SOURCE_PATTERN,
      `a Genesys Cloud partner event source name (${GENESYS_SOURCE_PREFIX}/cloud/<organization>/<name>)`,
    ),
    connectCtrStream:
      streamArn === undefined
        ? undefined
        : { streamArn, startingPosition: position as ConnectCtrStreamConfig['startingPosition'], keyArn },
  };
}

function recordingSourcesConfig(node: Node): RecordingSourcesConfig {
  return {
    buckets: matching(
      node,
      'recordingSourceBuckets',
      BUCKET_NAME_PATTERN,
      'invalid bucket names (a name, not an ARN or URI)',
    ),
    keyArns: matching(
      node,
      'recordingSourceKeyArns',
      KMS_KEY_ARN_PATTERN,
      'invalid KMS key ARNs (a key ARN, not an alias)',
    ),
    origins: matching(
      node,
      'recordingSourceOrigins',
      RECORDING_ORIGIN_PATTERN,
      'invalid origins (https://<host>[:port], no path; plain http is refused)',
    ),
  };
}

/**
 * Context `vendorMapping`: an object (cdk.json), inline JSON (`-c vendorMapping='{...}'`) or the path of a JSON file,
 * relative to the repository root. It is validated by the loader the functions themselves use, so a mapping that
 * would fail at their start fails the synthesis instead, with the same reason.
 */
function vendorMappingConfig(node: Node): VendorMappingConfig {
  const raw: unknown = node.tryGetContext('vendorMapping');
  const given = raw !== undefined && raw !== null && raw !== '';
  const text = given && typeof raw === 'object' ? JSON.stringify(raw) : String(raw ?? '').trim();
  const inline = given && (typeof raw === 'object' || text.startsWith('{'));
  const file = given && !inline ? resolve(PROJECT_ROOT, text) : undefined;
  let mapping: VendorMapping;
  try {
    mapping = loadVendorMapping({
      env: { VENDOR_MAPPING: inline ? text : undefined, VENDOR_MAPPING_FILE: file },
      readFile: (path) => readFileSync(path, 'utf8'),
    });
  } catch (error) {
    if (!(error instanceof InvalidVendorMappingError)) throw error;
    throw new DeploymentConfigError(`context vendorMapping: ${error.message}`);
  }
  // Descriptions only document the file; dropping them leaves more of the parameter's 8 KB for routes.
  const json = JSON.stringify({ instances: mapping.instances.map(({ description: _, ...route }) => route) });
  const bytes = Buffer.byteLength(encodeVendorMapping(json), 'utf8');
  if (bytes > VENDOR_MAPPING_MAX_BYTES) {
    throw new DeploymentConfigError(
      `context vendorMapping is ${bytes} bytes (descriptions dropped, compressed), over the ${VENDOR_MAPPING_MAX_BYTES} bytes ` +
        'of an SSM parameter (Advanced tier): use instance defaults over queue routes',
    );
  }
  return { origin: given ? (file ?? 'inline') : undefined, json };
}

function logRetention(node: Node): RetentionDays {
  const days = integer(node, 'logRetentionDays', RetentionDays.THREE_MONTHS);
  const accepted = Object.values(RetentionDays).filter((value): value is number => typeof value === 'number');
  if (!accepted.includes(days)) {
    throw new DeploymentConfigError(`context logRetentionDays must be one of ${accepted.join(', ')}, got ${days}`);
  }
  return days as RetentionDays;
}

function archiveRetentionDays(node: Node): number {
  const days = integer(node, 'archiveRetentionDays', ARCHIVE_RETENTION_MAX_DAYS);
  if (days > ARCHIVE_RETENTION_MAX_DAYS) {
    throw new DeploymentConfigError(
      `context archiveRetentionDays must be at most ${ARCHIVE_RETENTION_MAX_DAYS}, got ${days}: archived events hold ` +
        'customer references and cannot be erased one by one, so they must be gone within the month GDPR allows ' +
        'for an erasure request',
    );
  }
  return days;
}

/** `eu-west-3`, `us-gov-west-1`, `ap-southeast-4`. */
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * The region to deploy to: context `region`, else `AWS_REGION` or `AWS_DEFAULT_REGION`. Never `CDK_DEFAULT_REGION`
 * alone: the CDK CLI sets it to us-east-1 when it finds no region anywhere, and this product's data (personal data of
 * contact-centre customers) must not land in a region nobody chose.
 */
export function deploymentRegion(node: Node, env: NodeJS.ProcessEnv = process.env): string {
  const raw = node.tryGetContext('region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const region = raw === undefined || raw === null ? '' : String(raw).trim();
  if (region === '') {
    throw new DeploymentConfigError(
      'no region: pass -c region=<region> (or set AWS_REGION); CDK_DEFAULT_REGION is not used because the CDK CLI ' +
        'quietly sets it to us-east-1 when the AWS profile names no region',
    );
  }
  if (!REGION_PATTERN.test(region)) {
    throw new DeploymentConfigError(
      `context region must be an AWS region such as eu-west-3, got ${JSON.stringify(raw)}`,
    );
  }
  return region;
}

/** Reads and validates the deployment settings; fails the synth early on a value AWS would reject at deploy time. */
export function readDeploymentConfig(node: Node): DeploymentConfig {
  const stage = String(node.tryGetContext('stage') ?? 'dev');
  if (!STAGE_PATTERN.test(stage)) {
    throw new DeploymentConfigError(`context stage must match ${STAGE_PATTERN}, got ${JSON.stringify(stage)}`);
  }
  const logLevel = String(node.tryGetContext('logLevel') ?? 'INFO').toUpperCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new DeploymentConfigError(`context logLevel must be one of ${LOG_LEVELS.join(', ')}, got ${logLevel}`);
  }
  const alarmEmails = matching(node, 'alarmEmails', EMAIL_PATTERN, 'invalid addresses');
  return {
    stage,
    archiveRetentionDays: archiveRetentionDays(node),
    ledgerAnchorRetentionDays: integer(node, 'ledgerAnchorRetentionDays', LEDGER_ANCHOR_RETENTION_DEFAULT_DAYS),
    logRetention: logRetention(node),
    logLevel,
    alarmEmails,
    contributorInsights: flag(node, 'contributorInsights'),
    api: apiConfig(node),
    signIn: signInConfig(node),
    dashboard: dashboardConfig(node),
    vendorSources: vendorSourcesConfig(node),
    vendorMapping: vendorMappingConfig(node),
    recordingSources: recordingSourcesConfig(node),
  };
}
