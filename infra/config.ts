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
}

/** A context value AWS would reject, or that would deploy something other than what was meant. */
export class DeploymentConfigError extends Error {
  override name = 'DeploymentConfigError';
}

const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,15}$/;
const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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
  const alarmEmails = list(node, 'alarmEmails');
  const invalid = alarmEmails.filter((email) => !EMAIL_PATTERN.test(email));
  if (invalid.length > 0) {
    throw new DeploymentConfigError(`context alarmEmails has invalid addresses: ${invalid.join(', ')}`);
  }
  return {
    stage,
    archiveRetentionDays: integer(node, 'archiveRetentionDays', 365),
    logRetention: logRetention(node),
    logLevel,
    alarmEmails,
    contributorInsights: flag(node, 'contributorInsights'),
  };
}
