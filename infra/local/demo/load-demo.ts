/**
 * Fills an empty local system with a demo: first each demo tenant's client agreement, through the HTTP API; then
 * the previous calendar month of traffic for the demo tenants, put on the bus so that it flows through the same
 * rules and handlers as real events. Each kind of demo data is a generator; features add theirs to
 * {@link DEFAULT_DEMO_GENERATORS}.
 */
import { issueToken, loadOrCreateSigningKey } from '../jwt-keys.js';
import { DEFAULT_DEMO_AGREEMENTS, type DemoAgreement, putDemoAgreements } from './agreements.js';
import { complaintEvents, demoComplaints } from './complaints.js';
import { demoQuality, qualityEvents } from './quality.js';
import { type DemoObject, demoRecordings, recordingAvailableEvent } from './recordings.js';
import { type BusEvent, contactCompletedEvent, type SendResult, sendToBus } from './send.js';
import { simulateMonth } from './simulator.js';
import { putDemoObjects } from './store-objects.js';
import { demoWorkforce, qaEvaluationEvents, workforceEvents } from './workforce.js';

/** What every generator is told: which month to fill, the seed, and the time the demo is loaded. */
export interface DemoContext {
  /** `YYYY-MM`, the calendar month before `now`. */
  month: string;
  seed: string;
  now: Date;
}

/** One kind of demo data (contacts, complaints, training records, …) as bus events. */
export interface DemoGenerator {
  name: string;
  events(context: DemoContext): Iterable<BusEvent>;
  /** Objects its events point at (a platform's recordings), stored before the events are sent. */
  objects?(context: DemoContext): Iterable<DemoObject>;
  /**
   * Its events depend on one another in order (a nonconformity's corrective steps, after the audit that opens it):
   * given {@link LoadDemoOptions.delivered}, each is sent once everything sent before it has been delivered, since the
   * bus delivers concurrently.
   */
  ordered?: boolean;
}

export interface DemoLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
}

export interface LoadDemoOptions {
  endpoint: string;
  busName: string;
  now: Date;
  logger?: DemoLogger;
  /** Default {@link DEMO_SEED}: everyone who starts the demo sees the same month. */
  seed?: string;
  generators?: readonly DemoGenerator[];
  region?: string;
  /**
   * The local HTTP API and the folder of its signing key: when given, the agreements are added through
   * `PUT /v1/tenants/{tenantId}/agreement` before any event is sent.
   */
  api?: { url: string; keysDir: string };
  /** The S3 endpoint that generators' objects are stored at (the local stand-in); needed when one has objects. */
  s3Endpoint?: string;
  /** Default {@link DEFAULT_DEMO_AGREEMENTS}. */
  agreements?: readonly DemoAgreement[];
  /** Resolves once the bus has delivered every event sent so far (the local bus's `idle`), for ordered generators. */
  delivered?: () => Promise<void>;
}

export interface LoadDemoResult extends SendResult {
  month: string;
  /** The agreement version added per tenant; only with `api`. */
  agreementVersions?: Record<string, number>;
  byGenerator: Record<string, SendResult>;
}

export const DEMO_SEED = 'ccc-demo';

/** A month of contacts for both demo tenants (see `simulator.ts`). */
export const contactTrafficGenerator: DemoGenerator = {
  name: 'contact-traffic',
  events: ({ month, seed }) => simulateMonth({ month, seed }).map(contactCompletedEvent),
};

/** Recordings of some of the month's voice contacts (see `recordings.ts`), after the contacts they belong to. */
export const recordingsGenerator: DemoGenerator = {
  name: 'recordings',
  events: ({ month, seed, now }) => demoRecordings(month, seed, now).map(recordingAvailableEvent),
  objects: ({ month, seed, now }) => demoRecordings(month, seed, now).map((r) => r.object),
};

/**
 * Agents' onboarding and training records (see `workforce.ts`), before the contacts: the cross-check of each contact
 * reads them, and checks no contact of a tenant that has none.
 */
export const workforceGenerator: DemoGenerator = {
  name: 'workforce',
  events: ({ month, seed, now }) => workforceEvents(demoWorkforce({ month, seed, now })),
};

/** QA evaluations of the month's contacts (see `workforce.ts`), after them. */
export const qaEvaluationsGenerator: DemoGenerator = {
  name: 'qa-evaluations',
  events: ({ month, seed, now }) => qaEvaluationEvents(demoWorkforce({ month, seed, now })),
};

/** The month's complaints (see `complaints.ts`), after the contacts many of them name. */
export const complaintsGenerator: DemoGenerator = {
  name: 'complaints',
  events: ({ month, seed, now }) => complaintEvents(demoComplaints({ month, seed, now })),
};

/**
 * Documents, a management review, audits and corrective actions (see `quality.ts`), last: in order, since a step
 * needs the nonconformity its audit opened, and the step before it.
 */
export const qualityGenerator: DemoGenerator = {
  name: 'quality',
  events: ({ month }) => qualityEvents(demoQuality({ month })),
  ordered: true,
};

export const DEFAULT_DEMO_GENERATORS: readonly DemoGenerator[] = [
  workforceGenerator,
  contactTrafficGenerator,
  recordingsGenerator,
  qaEvaluationsGenerator,
  complaintsGenerator,
  qualityGenerator,
];

/**
 * The calendar month before `now`, as `YYYY-MM`. Read in UTC: the demo tenants' zones are within two hours of it,
 * so only the first two hours of a month would disagree, and the demo only needs a complete past month.
 */
export function previousMonth(now: Date): string {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  return month === 0 ? `${year - 1}-12` : `${year}-${String(month).padStart(2, '0')}`;
}

/** Runs every generator for the month before `now` and sends its events; resolves with what the bus accepted. */
export async function loadDemo(options: LoadDemoOptions): Promise<LoadDemoResult> {
  const { endpoint, busName, now, logger, seed = DEMO_SEED, generators = DEFAULT_DEMO_GENERATORS } = options;
  const context: DemoContext = { month: previousMonth(now), seed, now };
  const result: LoadDemoResult = { month: context.month, sent: 0, failed: 0, byGenerator: {} };
  if (options.api) {
    const agreements = options.agreements ?? DEFAULT_DEMO_AGREEMENTS;
    // Agreements come first: a contact is counted on the days of the time zone in force when it arrives.
    const key = await loadOrCreateSigningKey(options.api.keysDir);
    const token = await issueToken({
      key,
      subject: 'demo-loader',
      roles: ['compliance-officer'],
      tenants: agreements.map((a) => a.tenantId),
      ttlSeconds: 600,
    });
    result.agreementVersions = await putDemoAgreements({
      apiUrl: options.api.url,
      token,
      demoMonth: context.month,
      agreements,
    });
    logger?.info('demo agreements added', { versions: result.agreementVersions });
  }
  for (const generator of generators) {
    logger?.info('loading demo data', { generator: generator.name, month: context.month });
    if (generator.objects) {
      if (options.s3Endpoint === undefined) throw new RangeError(`demo ${generator.name} needs an S3 endpoint`);
      await putDemoObjects(options.s3Endpoint, generator.objects(context), options.region);
    }
    const send = (events: Iterable<BusEvent>) =>
      sendToBus({
        endpoint,
        busName,
        events,
        ...(options.region ? { region: options.region } : {}),
        ...(logger ? { logger } : {}),
      });
    const sent =
      generator.ordered && options.delivered
        ? await sendInOrder(generator.events(context), send, options.delivered)
        : await send(generator.events(context));
    result.byGenerator[generator.name] = sent;
    result.sent += sent.sent;
    result.failed += sent.failed;
    logger?.info('demo data loaded', { generator: generator.name, ...sent });
  }
  return result;
}

/** Sends one event at a time, each once the bus has delivered everything before it. */
async function sendInOrder(
  events: Iterable<BusEvent>,
  send: (events: Iterable<BusEvent>) => Promise<SendResult>,
  delivered: () => Promise<void>,
): Promise<SendResult> {
  const total: SendResult = { sent: 0, failed: 0 };
  for (const event of events) {
    await delivered();
    const { sent, failed } = await send([event]);
    total.sent += sent;
    total.failed += failed;
  }
  return total;
}
