/**
 * Deployment settings of the CDK app, read from CDK context (`cdk.json` or `cdk synth -c key=value`).
 * Everything here is a knob an operator turns per stage; what the product *is* (table, rules, functions) stays
 * in `shared/`, `events/` and `functions/`.
 */
import { fileURLToPath } from 'node:url';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

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
  /** Context `archiveRetentionDays` (default 365): how long the bus archive keeps events for replay. */
  archiveRetentionDays: number;
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
}

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
  /** Context `authDomainPrefix` (default none): a Cognito hosted domain `<prefix>.auth.<region>.amazoncognito.com`. */
  domainPrefix: string | undefined;
}

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

function logRetention(node: Node): RetentionDays {
  const days = integer(node, 'logRetentionDays', RetentionDays.THREE_MONTHS);
  const accepted = Object.values(RetentionDays).filter((value): value is number => typeof value === 'number');
  if (!accepted.includes(days)) {
    throw new DeploymentConfigError(`context logRetentionDays must be one of ${accepted.join(', ')}, got ${days}`);
  }
  return days as RetentionDays;
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
    archiveRetentionDays: integer(node, 'archiveRetentionDays', 365),
    logRetention: logRetention(node),
    logLevel,
    alarmEmails,
    contributorInsights: flag(node, 'contributorInsights'),
    api: apiConfig(node),
    signIn: signInConfig(node),
  };
}
