/**
 * Fail-fast configuration from the environment. Endpoints are configuration: when no local endpoint is set the
 * same code talks to AWS (README.md, "On one machine").
 */
export interface RuntimeConfig {
  tableName: string;
  eventBusName: string;
  region: string;
  endpoints: { dynamodb?: string; s3?: string; events?: string; ses?: string };
}

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new ConfigurationError(`environment variable ${name} is required`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  return {
    tableName: required(env, 'TABLE_NAME'),
    eventBusName: optional(env, 'EVENT_BUS_NAME') ?? 'ccc-compliance',
    region: optional(env, 'AWS_REGION') ?? optional(env, 'AWS_DEFAULT_REGION') ?? 'eu-west-3',
    endpoints: {
      dynamodb: optional(env, 'DYNAMODB_ENDPOINT'),
      s3: optional(env, 'S3_ENDPOINT'),
      events: optional(env, 'EVENTS_ENDPOINT'),
      ses: optional(env, 'SES_ENDPOINT'),
    },
  };
}

/** Memoises a factory so that clients are created once per container, on first use (not at import time). */
export function once<T>(factory: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: factory() };
    return value.v;
  };
}
