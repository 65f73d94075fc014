/**
 * The one definition of where the local system listens and what it names (README.md, "On one machine"): every local
 * command (`npm start`, `npm run import`, `npm run dead-letters`, `npm run token`) reads its ports, table, bus,
 * region and data folder here, so a variable set for `npm start` is the one the other commands follow.
 */
import { resolve } from 'node:path';
import { EVENT_BUS_NAME } from '../../events/rules.js';
import { TABLE_NAME_DEFAULT } from '../../shared/store/table.js';

/** The environment a command reads; a plain record so tests can pass their own. */
export type LocalEnvironment = Readonly<Record<string, string | undefined>>;

/** Every local endpoint listens on loopback only: nothing of the local system is reachable from the network. */
export const LOCAL_HOST = '127.0.0.1';

/** The variable naming each local service's port, and its default. */
export const LOCAL_PORTS = {
  http: { variable: 'PORT', fallback: 3000 },
  events: { variable: 'EVENTS_PORT', fallback: 4010 },
  dynamodb: { variable: 'DYNAMODB_PORT', fallback: 8000 },
  s3: { variable: 'S3_PORT', fallback: 4569 },
  ses: { variable: 'SES_PORT', fallback: 8005 },
} as const;

/** A local service with a port of its own. */
export type LocalService = keyof typeof LOCAL_PORTS;

/** The defaults of everything else, each overridable by the variable named beside it. */
export const LOCAL_DEFAULTS = {
  /** `LOCAL_DATA_DIR`, relative to the working directory. */
  dataDir: '.local',
  /** `TABLE_NAME`. */
  tableName: TABLE_NAME_DEFAULT,
  /** `EVENT_BUS_NAME`. */
  busName: EVENT_BUS_NAME,
  /** `AWS_REGION` (or `AWS_DEFAULT_REGION`, as the AWS SDK reads it). */
  region: 'eu-west-3',
} as const;

/** A variable whose value cannot be used (a port that is not a port); says which variable. */
export class LocalSettingsError extends RangeError {
  override readonly name = 'LocalSettingsError';
}

/** What the local system is started with, or what a command expects a running one to use. */
export interface LocalSettings {
  dataDir: string;
  host: string;
  ports: Record<LocalService, number>;
  tableName: string;
  busName: string;
  region: string;
}

/** An unset or blank variable takes the default. */
function value(env: LocalEnvironment, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

/** The port of one local service; 0 asks the system for a free one (what the tests do). @throws {LocalSettingsError} */
export function localPort(service: LocalService, env: LocalEnvironment = process.env): number {
  const { variable, fallback } = LOCAL_PORTS[service];
  const raw = value(env, variable);
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new LocalSettingsError(`${variable} must be a port number`);
  }
  return port;
}

/** The URL a command reaches a running local service at. @throws {LocalSettingsError} */
export function localUrl(service: LocalService, env: LocalEnvironment = process.env): string {
  return `http://${LOCAL_HOST}:${localPort(service, env)}`;
}

/** The absolute data folder (tables, objects, dead letters, keys). */
export function localDataDir(env: LocalEnvironment = process.env): string {
  return resolve(value(env, 'LOCAL_DATA_DIR') ?? LOCAL_DEFAULTS.dataDir);
}

/** The table name, bus name and region, each from its variable or its default. */
export function localNames(
  env: LocalEnvironment = process.env,
): Pick<LocalSettings, 'tableName' | 'busName' | 'region'> {
  return {
    tableName: value(env, 'TABLE_NAME') ?? LOCAL_DEFAULTS.tableName,
    busName: value(env, 'EVENT_BUS_NAME') ?? LOCAL_DEFAULTS.busName,
    region: value(env, 'AWS_REGION') ?? value(env, 'AWS_DEFAULT_REGION') ?? LOCAL_DEFAULTS.region,
  };
}

/** Everything at once, every port checked. @throws {LocalSettingsError} */
export function localSettings(env: LocalEnvironment = process.env): LocalSettings {
  const services = Object.keys(LOCAL_PORTS) as LocalService[];
  return {
    dataDir: localDataDir(env),
    host: LOCAL_HOST,
    ports: Object.fromEntries(services.map((s) => [s, localPort(s, env)])) as Record<LocalService, number>,
    ...localNames(env),
  };
}
