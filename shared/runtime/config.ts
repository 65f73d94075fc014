/**
 * Fail-fast configuration from the environment, read once per function at cold start (module scope): a missing or
 * malformed variable fails the init with every problem named, not the fifth request. Endpoints are configuration:
 * when no local endpoint is set the same code talks to AWS (README.md, "On one machine").
 */
import { z } from 'zod';
import { ConfigurationError } from '../app/configuration-error.js';

export interface RuntimeConfig {
  tableName: string;
  eventBusName: string;
  region: string;
  endpoints: { dynamodb?: string; s3?: string; events?: string; ses?: string; sqs?: string };
}

export { ConfigurationError };

/** An unset or blank variable is absent. */
const Blank = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));
const Required = Blank.pipe(z.string({ error: 'is required' }));
const Endpoint = Blank.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional());

/** Every variable a function of this product reads, and what it must look like. */
const RuntimeEnvironment = z.object({
  TABLE_NAME: Required,
  EVENT_BUS_NAME: Blank,
  AWS_REGION: Blank,
  AWS_DEFAULT_REGION: Blank,
  DYNAMODB_ENDPOINT: Endpoint,
  S3_ENDPOINT: Endpoint,
  EVENTS_ENDPOINT: Endpoint,
  SES_ENDPOINT: Endpoint,
  SQS_ENDPOINT: Endpoint,
});

function problems(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const parsed = RuntimeEnvironment.safeParse(env);
  if (!parsed.success) throw new ConfigurationError(`environment variable ${problems(parsed.error)}`);
  const e = parsed.data;
  return {
    tableName: e.TABLE_NAME,
    eventBusName: e.EVENT_BUS_NAME ?? 'ccc-compliance',
    region: e.AWS_REGION ?? e.AWS_DEFAULT_REGION ?? 'eu-west-3',
    endpoints: {
      dynamodb: e.DYNAMODB_ENDPOINT,
      s3: e.S3_ENDPOINT,
      events: e.EVENTS_ENDPOINT,
      ses: e.SES_ENDPOINT,
      sqs: e.SQS_ENDPOINT,
    },
  };
}

/** A variable a particular function needs besides the common ones (read at cold start, like {@link loadConfig}). */
export function requiredVariable(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const parsed = Required.safeParse(env[name]);
  if (!parsed.success) throw new ConfigurationError(`environment variable ${name} is required`);
  return parsed.data;
}

/** Memoises a factory so that clients are created once per container, on first use (not at import time). */
export function once<T>(factory: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: factory() };
    return value.v;
  };
}
