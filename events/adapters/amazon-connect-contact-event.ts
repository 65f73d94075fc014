/**
 * Amazon Connect contact events (EventBridge source `aws.connect`, detail-type `Amazon Connect Contact Event`),
 * assembled into one contact. Amazon Connect Administrator Guide, "Amazon Connect contact events":
 * - events are best effort and unordered, and each carries the contact's timestamps known so far;
 * - COMPLETED marks a contact that has fully ended, after-contact work included; for a contact without after-contact
 *   work it follows DISCONNECTED at once with the same data. So COMPLETED ends the assembly, and a contact whose
 *   COMPLETED never comes (a chat whose agent went offline) is finished from DISCONNECTED when its deadline passes;
 * - agents are named by ARN only, queues by ARN only (no queue name: the vendor mapping may give one);
 * - hold = `agentInfo.agentInitiatedHoldDuration`, after-contact work = `agentInfo.afterContactWorkDuration` (or its
 *   start/end timestamps); talk = disconnect − connected to agent − hold, since events carry no talk time.
 */
import { z } from 'zod';
import {
  type ConnectRecord,
  classifyConnectRecord,
  connectContactFields,
  instanceIdOf,
} from './amazon-connect-record.js';
import { amount, describeIssues, instant, lastSegment, normalizeKeys, section, stringMap, text } from './lenient.js';
import type {
  AssemblyKey,
  AssemblyLink,
  AssemblyState,
  Fact,
  ParsedVendorEvent,
  Reduction,
  VendorEventAdapter,
} from './vendor-assembly.js';
import { wholeSeconds } from './vendor-contact.js';

/** EventBridge source and detail-type of Amazon Connect contact events. */
export const CONNECT_SOURCE = 'aws.connect';
export const CONNECT_CONTACT_EVENT = 'Amazon Connect Contact Event';

/** Event types that carry what a contact needs, latest in the contact's life first (their data wins). */
const USED_EVENT_TYPES = [
  'COMPLETED',
  'DISCONNECTED',
  'CONNECTED_TO_AGENT',
  'QUEUED',
  'CONNECTED_TO_SYSTEM',
  'INITIATED',
] as const;

/** Legs that continue another contact: they are not counted, but tell their previous contact what came next. */
const LINKING_METHODS: Record<string, string> = {
  CALLBACK: 'next:callback',
  TRANSFER: 'next:transfer',
  QUEUE_TRANSFER: 'next:transfer',
};

const ContactEventDetail = z.object({
  eventtype: text,
  ...connectContactFields('contactId'),
  previouscontactid: text,
  queueinfo: section(z.object({ queuearn: text, enqueuetimestamp: instant })),
  agentinfo: section(
    z.object({
      agentarn: text,
      connectedtoagenttimestamp: instant,
      agentinitiatedholdduration: amount,
      aftercontactworkduration: amount,
      aftercontactworkstarttimestamp: instant,
      aftercontactworkendtimestamp: instant,
    }),
  ),
  recordings: section(z.array(z.unknown())),
  tags: stringMap,
});
type ContactEventDetail = z.infer<typeof ContactEventDetail>;

function instanceOf(detail: ContactEventDetail, resources: unknown): string | undefined {
  if (detail.instancearn) return instanceIdOf(detail.instancearn);
  const fromTags = detail.tags?.['aws:connect:instanceid'];
  if (fromTags) return fromTags;
  const arn = Array.isArray(resources) ? resources.find((r) => typeof r === 'string' && r.includes(':instance/')) : '';
  return typeof arn === 'string' && arn !== '' ? instanceIdOf(arn) : undefined;
}

/** Tags set by the centre (not `aws:` system tags): where a contact's reason or language may be kept. */
function userTags(tags: Record<string, string> | undefined): Record<string, string> | undefined {
  const entries = Object.entries(tags ?? {}).filter(([key]) => !key.startsWith('aws:'));
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

function factOf(type: string, d: ContactEventDetail): Fact {
  const agent = d.agentinfo;
  const acwStart = agent?.aftercontactworkstarttimestamp;
  const acwEnd = agent?.aftercontactworkendtimestamp;
  return {
    type,
    initiationMethod: d.initiationmethod?.toUpperCase(),
    channel: d.channel,
    subtype: d.segmentattributes?.['connect:subtype']?.valuestring,
    initiatedAt: d.initiationtimestamp,
    connectedToSystemAt: d.connectedtosystemtimestamp,
    disconnectedAt: d.disconnecttimestamp,
    queueId: d.queueinfo?.queuearn ? lastSegment(d.queueinfo.queuearn) : undefined,
    enqueuedAt: d.queueinfo?.enqueuetimestamp,
    agentId: agent?.agentarn ? lastSegment(agent.agentarn) : undefined,
    connectedToAgentAt: agent?.connectedtoagenttimestamp,
    holdSeconds: agent?.agentinitiatedholdduration,
    acwSeconds:
      agent?.aftercontactworkduration ??
      (acwStart && acwEnd ? wholeSeconds(Date.parse(acwEnd) - Date.parse(acwStart)) : undefined),
    recorded: d.recordings === undefined ? undefined : d.recordings.length > 0,
    attributes: userTags(d.tags),
  };
}

/**
 * Parses one contact event into a fact about its contact. Pure.
 *
 * @example test/fixtures/vendors/amazon-connect/events-voice-inbound-handled.json
 */
export function parseConnectContactEvent(event: {
  source?: unknown;
  'detail-type'?: unknown;
  detail?: unknown;
  resources?: unknown;
}): ParsedVendorEvent {
  if (event.source !== CONNECT_SOURCE || event['detail-type'] !== CONNECT_CONTACT_EVENT) {
    return { kind: 'reject', reason: `expected ${CONNECT_SOURCE}/${CONNECT_CONTACT_EVENT}` };
  }
  const parsed = ContactEventDetail.safeParse(normalizeKeys(event.detail ?? {}));
  if (!parsed.success) return { kind: 'reject', reason: describeIssues(parsed.error) };
  const d = parsed.data;
  const type = d.eventtype?.toUpperCase();
  if (type === undefined) return { kind: 'reject', reason: 'eventType is missing' };
  if (!(USED_EVENT_TYPES as readonly string[]).includes(type)) {
    return { kind: 'ignore', reason: `${type} events carry nothing a contact record needs` };
  }
  if (d.channel?.toUpperCase() === 'TASK') return { kind: 'ignore', reason: 'task contacts are not customer contacts' };
  const instance = instanceOf(d, event.resources);
  if (instance === undefined)
    return { kind: 'reject', reason: 'instanceArn is missing, so the contact cannot be placed' };

  const method = d.initiationmethod?.toUpperCase() ?? '';
  const mark = LINKING_METHODS[method];
  const links: AssemblyLink[] =
    mark && d.previouscontactid
      ? [{ key: { vendor: 'amazon-connect', instance, contactId: d.previouscontactid }, mark }]
      : [];
  if (mark && method !== 'CALLBACK') {
    return { kind: 'links', reason: `${method} contacts continue the contact they came from`, links };
  }
  const key: AssemblyKey = { vendor: 'amazon-connect', instance, contactId: d.contactid };
  return { kind: 'fact', key, factKey: type, fact: factOf(type, d), links };
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/**
 * Reduces the facts gathered about one contact. Incomplete until COMPLETED has arrived (or, when `final`, until
 * DISCONNECTED has). Pure.
 */
export function reduceConnectContact(state: AssemblyState, { final }: { final: boolean }): Reduction {
  const facts = USED_EVENT_TYPES.map((type) => state.facts[type]).filter((f): f is Fact => f !== undefined);
  const ended = state.facts.COMPLETED !== undefined || state.facts.DISCONNECTED !== undefined;
  if (state.facts.COMPLETED === undefined && !(final && ended)) return { kind: 'incomplete' };

  const pick = <T>(read: (f: Fact) => T | undefined): T | undefined => {
    for (const fact of facts) {
      const value = read(fact);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const agentId = pick((f) => str(f.agentId));
  const connectedAt = pick((f) => str(f.connectedToAgentAt));
  const next = state.marks['next:callback'] ? 'callback' : state.marks['next:transfer'] ? 'transfer' : undefined;
  const record: ConnectRecord = {
    contactId: state.key.contactId,
    instanceId: state.key.instance,
    channel: pick((f) => str(f.channel)),
    subtype: pick((f) => str(f.subtype)),
    initiationMethod: pick((f) => str(f.initiationMethod)),
    initiatedAt: pick((f) => str(f.initiatedAt)),
    connectedToSystemAt: pick((f) => str(f.connectedToSystemAt)),
    disconnectedAt: pick((f) => str(f.disconnectedAt)),
    queue: { id: pick((f) => str(f.queueId)), enqueuedAt: pick((f) => str(f.enqueuedAt)) },
    agent:
      agentId === undefined && connectedAt === undefined
        ? undefined
        : {
            id: agentId,
            connectedAt,
            holdSeconds: pick((f) => num(f.holdSeconds)),
            afterContactWorkSeconds: pick((f) => num(f.acwSeconds)),
          },
    nextContact: next,
    recorded: pick((f) => (typeof f.recorded === 'boolean' ? f.recorded : undefined)),
    attributes: pick((f) => (typeof f.attributes === 'object' ? f.attributes : undefined)),
  };
  return classifyConnectRecord(record);
}

/** Amazon Connect contact events as a {@link VendorEventAdapter}. */
export const connectContactEventAdapter: VendorEventAdapter = {
  vendor: 'amazon-connect',
  parse: parseConnectContactEvent,
  reduce: reduceConnectContact,
};
