import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { rules } from '../../events/rules.js';
import { type FunctionDefinition, functionCatalog } from '../../functions/catalog.js';
import { routes } from '../../functions/routes.js';
import { type ScheduledInvocation, schedules } from '../../functions/schedules.js';
import { ensureWebBuildSync, WEB_DIST } from '../../web/build.js';
import { dashboardSite } from './dashboard/site.js';
import { DEFAULT_RETRY, type LocalEventBus, startLocalEventBus } from './event-bus/index.js';
import { type GatewayRoute, type HttpGateway, startHttpGateway } from './http-gateway/index.js';
import { loadOrCreateSigningKey, localTokenVerifier } from './jwt-keys.js';
import { invoker, loadHandler } from './lambda-runtime.js';
import { type LocalSettings, localSettings } from './local-defaults.js';
import { createLocalQueues, type LocalQueues } from './queues/index.js';
import { type RunningScheduler, startScheduler } from './scheduler/index.js';
import { type DynamoDbLocal, startDynamoDbLocal } from './stand-ins/dynamodb-local.js';
import { privateFolder } from './stand-ins/private-folder.js';
import { type LocalS3, startLocalS3 } from './stand-ins/s3.js';
import { type LocalSes, startLocalSes } from './stand-ins/ses.js';
import { ensureTable } from './stand-ins/table-setup.js';

export interface LocalSystemOptions extends LocalSettings {
  /**
   * How long the bus keeps retrying a delivery that fails only transiently (a stand-in down or restarting) before
   * dead-lettering it; `EVENTS_TRANSIENT_RETRY_SECONDS`, default 300 s.
   */
  transientRetryMs?: number;
}

export interface LocalSystem {
  options: LocalSystemOptions;
  /** `app` is the dashboard (web/), served by the gateway under `/app/` with its local sign-in. */
  urls: { api: string; app: string; events: string; dynamodb: string; s3: string; ses: string };
  bus: LocalEventBus;
  /** The SQS stand-ins, served on the bus's port; `queues.idle()` waits for the surveillance to drain. */
  queues: LocalQueues;
  scheduler: RunningScheduler;
  stop(): Promise<void>;
}

/** How long stopping waits for a scheduled run in progress. */
const SCHEDULED_RUN_GRACE_MS = 3_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export const BUCKETS = {
  recordings: 'ccc-recordings',
  reports: 'ccc-reports',
  /** Copies of every ledger head (write-once in AWS: S3 Object Lock in compliance mode). */
  ledgerAnchors: 'ccc-ledger-anchors',
  /**
   * Stands in for a telephony platform's own recording bucket (Amazon Connect's, say): the demo puts its generated
   * audio there and announces it with `recording.available`, as a platform would.
   */
  platformRecordings: 'ccc-platform-recordings',
} as const;

/** README.md, "On one machine": defaults (infra/local/local-defaults.ts), each overridable by the environment. */
export function optionsFromEnvironment(env: NodeJS.ProcessEnv = process.env): LocalSystemOptions {
  return {
    ...localSettings(env),
    transientRetryMs: seconds(env, 'EVENTS_TRANSIENT_RETRY_SECONDS', DEFAULT_RETRY.transientBudgetMs / 1000) * 1000,
  };
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number of seconds`);
  return value;
}

/** The catalog entry a rule, route or schedule names; a name that is not there is a wiring error, said at start. */
function catalogFunction(name: string, namedBy: string): FunctionDefinition {
  const fn = functionCatalog.find((f) => f.name === name);
  if (fn === undefined) throw new Error(`${namedBy} names unknown function ${name}`);
  return fn;
}

/** Points the handlers (which read their configuration like in Lambda) at the stand-ins. */
function configureHandlerEnvironment(o: LocalSystemOptions, urls: LocalSystem['urls']): void {
  Object.assign(process.env, {
    TABLE_NAME: o.tableName,
    EVENT_BUS_NAME: o.busName,
    AWS_REGION: o.region,
    DYNAMODB_ENDPOINT: urls.dynamodb,
    S3_ENDPOINT: urls.s3,
    SES_ENDPOINT: urls.ses,
    EVENTS_ENDPOINT: urls.events,
    RECORDINGS_BUCKET: BUCKETS.recordings,
    // The stand-in ignores SSE-KMS; the name is what the requests carry, as the key's ARN does in AWS.
    RECORDINGS_KMS_KEY_ID: 'alias/ccc-local-data',
    // Where recordings may be fetched from: the platform stand-in's bucket and, for a source you serve yourself,
    // loopback over plain HTTP (in AWS: the platforms' buckets and HTTPS origins only).
    RECORDING_SOURCES: process.env.RECORDING_SOURCES ?? `s3://${BUCKETS.platformRecordings},http://127.0.0.1`,
    RECORDING_OBJECT_LOCK: 'off',
    REPORTS_BUCKET: BUCKETS.reports,
    REPORTS_KMS_KEY_ID: 'alias/ccc-local-data',
    // The monthly reports' sender; the SES stand-in accepts any and shows the mails at its URL.
    REPORTS_FROM_ADDRESS: process.env.REPORTS_FROM_ADDRESS ?? 'reports@ccc-compliance.local',
    LEDGER_ANCHOR_BUCKET: BUCKETS.ledgerAnchors,
  });
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  // No CloudWatch here: `npm run dead-letters -- invalid` lists what the metric would count.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  // The demo's vendor instances map to the demo tenants; set VENDOR_MAPPING(_FILE) to map your own.
  if (process.env.VENDOR_MAPPING === undefined)
    process.env.VENDOR_MAPPING_FILE ??= resolve('config/vendor-mapping.example.json');
}

async function startStorage(o: LocalSystemOptions) {
  // Everything under the data folder (tables, objects, dead letters, keys) is the owner's only.
  privateFolder(o.dataDir);
  const [dynamodb, s3, ses] = await Promise.all([
    startDynamoDbLocal({
      port: o.ports.dynamodb,
      host: o.host,
      dataDir: join(o.dataDir, 'dynamodb'),
      // The one stand-in outside this process: when its Java dies, it is restarted on the same port and data.
      supervise: { logger: operatorLog },
    }),
    startLocalS3({ port: o.ports.s3, host: o.host, dataDir: join(o.dataDir, 's3'), buckets: Object.values(BUCKETS) }),
    startLocalSes({ port: o.ports.ses, host: o.host }),
  ]);
  return { dynamodb, s3, ses };
}

/** The queue the daily surveillance fans out through (in AWS: the stateless stack's surveillance queue). */
export const SURVEILLANCE_QUEUE = 'ccc-surveillance';

/** The surveillance queue, delivered to `surveil-tenant` as its SQS event source mapping does in AWS. */
async function createQueues(o: LocalSystemOptions, root: string): Promise<LocalQueues> {
  const consumer = catalogFunction('surveil-tenant', `queue ${SURVEILLANCE_QUEUE}`);
  return createLocalQueues({
    dir: join(o.dataDir, 'queues'),
    queues: [
      {
        name: SURVEILLANCE_QUEUE,
        consumer: invoker(consumer, await loadHandler(root, consumer.name)),
        batchSize: 5,
        maxReceiveCount: 3,
        visibilityDelayMs: 1_500,
        region: o.region,
        logger: operatorLog,
      },
    ],
  });
}

async function startEventBus(o: LocalSystemOptions, root: string, queues: LocalQueues): Promise<LocalEventBus> {
  const targets = await Promise.all(
    rules.map(async (rule) => {
      const fn = catalogFunction(rule.target, `rule ${rule.name}`);
      const invoke = invoker(fn, await loadHandler(root, fn.name));
      return {
        ruleName: rule.name,
        targetName: fn.name,
        eventPattern: rule.eventPattern,
        invoke: async (e: unknown) => void (await invoke(e)),
      };
    }),
  );
  let busUrl = '';
  const bus = await startLocalEventBus({
    port: o.ports.events,
    host: o.host,
    busName: o.busName,
    region: o.region,
    targets,
    deadLetterFile: join(o.dataDir, 'events', 'dead-letters.jsonl'),
    otherAwsOperations: queues.awsOperations(() => busUrl),
    ...(o.transientRetryMs !== undefined && { retry: { transientBudgetMs: o.transientRetryMs } }),
    logger: operatorLog,
  });
  busUrl = bus.url;
  // The enumerator reads these at cold start, which comes after this (its schedule is loaded next).
  process.env.SQS_ENDPOINT = bus.url;
  process.env.SURVEILLANCE_QUEUE_URL = queues.urlOf(bus.url, SURVEILLANCE_QUEUE);
  return bus;
}

/** Retries, dead letters and events sent to an unknown bus, for the operator; routine deliveries stay quiet. */
const operatorLog = {
  info: () => undefined,
  warn: (message: string, attributes?: object) =>
    console.warn(JSON.stringify({ level: 'WARN', message, ...attributes })),
  error: (message: string, attributes?: object) =>
    console.error(JSON.stringify({ level: 'ERROR', message, ...attributes })),
};

/** Access log lines on stdout (JSON, as API Gateway's access log would be), failures on stderr. */
const accessLog = {
  info: (message: string, attributes: Record<string, unknown>) => {
    if (process.env.ACCESS_LOG !== 'off') console.log(JSON.stringify({ message, ...attributes }));
  },
  warn: (message: string, attributes: Record<string, unknown>) =>
    console.warn(JSON.stringify({ message, ...attributes })),
  error: (message: string, attributes: Record<string, unknown>) =>
    console.error(JSON.stringify({ message, ...attributes, error: String(attributes.error) })),
};

/** Every route of `functions/routes.ts` with its handler loaded in-process: what the local gateway serves. */
export async function gatewayRoutes(root: string): Promise<GatewayRoute[]> {
  return Promise.all(
    routes.map(async (route) => {
      const fn = catalogFunction(route.function, `route ${route.method} ${route.path}`);
      const handler = await loadHandler(root, fn.name);
      return {
        method: route.method,
        path: route.path,
        authorization: route.authorization,
        functionName: fn.name,
        invoke: (event: unknown, context: Context) => handler(event, context) as never,
      };
    }),
  );
}

/** The key that signs list cursors, made once and kept with the other local keys (so cursors survive restarts). */
function loadOrCreateCursorSecret(dir: string): string {
  const file = join(dir, 'cursor-secret');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}

async function startGateway(o: LocalSystemOptions, root: string): Promise<HttpGateway> {
  const key = await loadOrCreateSigningKey(join(o.dataDir, 'keys'));
  process.env.CURSOR_SECRET ??= loadOrCreateCursorSecret(join(o.dataDir, 'keys'));
  // The dashboard bundle is built when its sources changed since the last build (a second or two), else reused.
  ensureWebBuildSync();
  let url = `http://${o.host}:${o.ports.http}`;
  const gateway = await startHttpGateway({
    port: o.ports.http,
    host: o.host,
    routes: await gatewayRoutes(root),
    verifyToken: localTokenVerifier(key),
    logger: accessLog,
    siteHandler: dashboardSite({ distDir: WEB_DIST, url: () => url, key }),
  });
  url = gateway.url;
  return gateway;
}

/** Runs every schedule of `functions/schedules.ts` in-process, invoking its function as EventBridge Scheduler would. */
async function startSchedules(root: string): Promise<RunningScheduler> {
  const local = await Promise.all(
    schedules.map(async (schedule) => {
      const fn = catalogFunction(schedule.function, `schedule ${schedule.name}`);
      const invoke = invoker(fn, await loadHandler(root, fn.name));
      return {
        name: schedule.name,
        expression: schedule.expression,
        timeZone: schedule.timeZone,
        invoke: async () => {
          const input: ScheduledInvocation = { schedule: schedule.name, scheduledTime: new Date().toISOString() };
          await invoke(input);
        },
      };
    }),
  );
  return startScheduler({ schedules: local, logger: operatorLog });
}

/**
 * Starts the whole product on one machine: the stand-ins, the table, the bus with every rule's handler, and the
 * HTTP gateway with every route's handler. On failure, whatever had started is stopped again.
 */
export async function startLocalSystem(o: LocalSystemOptions, root = process.cwd()): Promise<LocalSystem> {
  const started: Array<{ stop(): Promise<void> }> = [];
  const stopAll = async () => {
    for (const part of started.reverse()) await part.stop().catch(() => undefined);
  };
  try {
    const storage = await startStorage(o);
    started.push(storage.dynamodb, storage.s3, storage.ses);
    const urls = {
      api: `http://${o.host}:${o.ports.http}`,
      app: `http://${o.host}:${o.ports.http}/app/`,
      events: `http://${o.host}:${o.ports.events}`,
      dynamodb: storage.dynamodb.endpoint,
      s3: storage.s3.endpoint,
      ses: storage.ses.endpoint,
    };
    configureHandlerEnvironment(o, urls);
    const client = new DynamoDBClient({
      endpoint: urls.dynamodb,
      region: o.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTable(client, o.tableName);
    client.destroy();

    const queues = await createQueues(o, root);
    const bus = await startEventBus(o, root, queues);
    started.push({ stop: () => bus.close() });
    // Stopped before the bus (the list is stopped last first): a batch under way may still publish.
    started.push({ stop: () => queues.close() });
    const gateway = await startGateway(o, root);
    started.push({ stop: () => gateway.close() });
    const scheduler = await startSchedules(root);
    // A scheduled run still going (the first retention purge reads five years of days) gets a moment, not a veto:
    // every scheduled function is safe to cut off and finishes what is left on its next run.
    started.push({ stop: () => Promise.race([scheduler.stop(), delay(SCHEDULED_RUN_GRACE_MS)]) });
    urls.api = gateway.url;
    urls.app = `${gateway.url}/app/`;
    urls.events = bus.url;
    return { options: o, urls, bus, queues, scheduler, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export type { DynamoDbLocal, LocalS3, LocalSes };
