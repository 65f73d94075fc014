/**
 * Genesys Cloud conversation detail events from its Amazon EventBridge integration, assembled into one contact.
 * The integration publishes on the partner bus with source `aws.partner/genesys.com/cloud/<organizationId>/<suffix>`,
 * detail-type the topic (`v2.detail.events.conversation.{id}.customer.end`) and detail
 * `{ topicName, version, eventBody, metadata }`; `eventBody` is one analytics detail event of the conversation
 * (eventTime in epoch milliseconds, conversationId, participantId, sessionId, mediaType, direction, queueId, ...).
 *
 * Mapping: initiated = customer.start, queued = acd.start, answered = the ACD end that was ANSWERED (else the first
 * agent start), ended = customer.end; talk = Σ agent interacting − Σ agent held, hold = Σ agent held (user.end
 * interactingDurationMs / heldDurationMs), after-contact work = Σ acw wrapupDurationMs; reason = the last wrap-up
 * code. The conversation is complete when the customer has left and every agent who took it has wrapped up.
 */
import { z } from 'zod';
import type { Channel } from '../telephony.js';
import { amount, describeIssues, instant, normalizeKeys, text } from './lenient.js';
import type { AssemblyState, Fact, ParsedVendorEvent, Reduction, VendorEventAdapter } from './vendor-assembly.js';
import { reject, skip, type Translation, type VendorContact, wholeSeconds } from './vendor-contact.js';

/** Every Genesys Cloud partner source starts so; the organization id and the integration's suffix follow. */
export const GENESYS_SOURCE_PREFIX = 'aws.partner/genesys.com';
/** Detail-types (topics) of the conversation detail events. */
export const GENESYS_CONVERSATION_TOPIC_PREFIX = 'v2.detail.events.conversation.';

const USED_KINDS = new Set(['customer.start', 'customer.end', 'acd.start', 'acd.end', 'user.start', 'user.end', 'acw']);
const TOPIC = /^v2\.detail\.events\.conversation\.([^.]+)\.(.+)$/;

const EventBody = z.object({
  eventtime: instant,
  conversationid: text,
  organizationid: text,
  participantid: text,
  sessionid: text,
  mediatype: text,
  messagetype: text,
  direction: text,
  queueid: text,
  userid: text,
  acdoutcome: text,
  answereduserid: text,
  interactingdurationms: amount,
  helddurationms: amount,
  wrapupcode: text,
  wrapupdurationms: amount,
});
const Detail = z.object({
  topicname: text,
  eventbody: z.record(z.string(), z.unknown(), { message: 'eventBody is not an object' }).optional(),
});

/** `aws.partner/genesys.com/cloud/<organizationId>/<suffix>` → the organization id. */
function organizationOf(source: string): string | undefined {
  return /^aws\.partner\/genesys\.com\/cloud\/([^/]+)/.exec(source)?.[1];
}

/**
 * Parses one Genesys Cloud conversation detail event into a fact about its conversation. Pure.
 *
 * @example test/fixtures/vendors/genesys-cloud/voice-inbound-handled.json
 */
export function parseGenesysConversationEvent(event: {
  source?: unknown;
  'detail-type'?: unknown;
  detail?: unknown;
}): ParsedVendorEvent {
  const source = typeof event.source === 'string' ? event.source : '';
  if (!source.startsWith(GENESYS_SOURCE_PREFIX))
    return { kind: 'reject', reason: `expected a ${GENESYS_SOURCE_PREFIX} source` };
  const detail = Detail.safeParse(normalizeKeys(event.detail ?? {}));
  if (!detail.success) return { kind: 'reject', reason: describeIssues(detail.error) };
  const topic = detail.data.topicname ?? (typeof event['detail-type'] === 'string' ? event['detail-type'] : '');
  const match = TOPIC.exec(topic);
  if (!match) return { kind: 'ignore', reason: 'not a conversation detail event' };
  const kind = match[2] as string;
  if (!USED_KINDS.has(kind)) return { kind: 'ignore', reason: `${kind} events carry nothing a contact record needs` };

  const body = EventBody.parse(detail.data.eventbody ?? {});
  const conversationId = body.conversationid ?? (match[1] === '{id}' ? undefined : match[1]);
  if (conversationId === undefined) return { kind: 'reject', reason: 'eventBody.conversationId is missing' };
  if (conversationId.length > 128) return { kind: 'reject', reason: 'conversationId is longer than 128 characters' };
  const organization = organizationOf(source) ?? body.organizationid;
  if (organization === undefined) {
    return { kind: 'reject', reason: 'no organization id in the source or eventBody, so the contact cannot be placed' };
  }
  if (body.eventtime === undefined) return { kind: 'reject', reason: 'eventBody.eventTime is missing or not a time' };
  const fact: Fact = {
    kind,
    at: body.eventtime,
    mediaType: body.mediatype?.toUpperCase(),
    messageType: body.messagetype?.toUpperCase(),
    direction: body.direction?.toUpperCase(),
    queueId: body.queueid,
    userId: body.userid,
    acdOutcome: body.acdoutcome?.toUpperCase(),
    answeredUserId: body.answereduserid,
    interactingMs: body.interactingdurationms,
    heldMs: body.helddurationms,
    wrapupCode: body.wrapupcode,
    wrapupMs: body.wrapupdurationms,
  };
  // One fact per kind and session: a transferred conversation has several agent and ACD sessions.
  const factKey = `${kind}#${body.sessionid ?? body.participantid ?? body.eventtime}`;
  return {
    kind: 'fact',
    key: { vendor: 'genesys-cloud', instance: organization, contactId: conversationId },
    factKey,
    fact,
    links: [],
  };
}

interface GenesysFact {
  kind: string;
  at: string;
  mediaType?: string;
  messageType?: string;
  direction?: string;
  queueId?: string;
  userId?: string;
  acdOutcome?: string;
  answeredUserId?: string;
  interactingMs?: number;
  heldMs?: number;
  wrapupCode?: string;
  wrapupMs?: number;
}

const SOCIAL_MESSAGE_TYPES = new Set(['FACEBOOK', 'TWITTER', 'INSTAGRAM', 'LINE']);

function channelOf(fact: GenesysFact | undefined): Channel | Translation {
  switch (fact?.mediaType) {
    case 'VOICE':
    case 'CALLBACK':
      return 'voice';
    case 'CHAT':
      return 'chat';
    case 'EMAIL':
      return 'email';
    case 'MESSAGE':
      return SOCIAL_MESSAGE_TYPES.has(fact?.messageType ?? '') ? 'social' : 'messaging';
    case undefined:
      return reject('mediaType is missing');
    default:
      return skip(`${fact?.mediaType} sessions are not customer contacts that are counted`);
  }
}

const byTime = (a: GenesysFact, b: GenesysFact) => a.at.localeCompare(b.at);
const sum = (values: Array<number | undefined>) => values.reduce<number>((total, v) => total + (v ?? 0), 0);

function gather(state: AssemblyState) {
  const all = (Object.values(state.facts) as unknown as GenesysFact[]).sort(byTime);
  const of = (kind: string) => all.filter((f) => f.kind === kind);
  return {
    all,
    customerStarts: of('customer.start'),
    customerEnds: of('customer.end'),
    acdStarts: of('acd.start'),
    acdEnds: of('acd.end'),
    userStarts: of('user.start'),
    userEnds: of('user.end'),
    acws: of('acw'),
  };
}

/**
 * Reduces the facts gathered about one conversation. Incomplete until the customer has left and each agent who
 * took the conversation has wrapped up (or, when `final`, until the customer has left). Pure.
 */
export function reduceGenesysConversation(state: AssemblyState, { final }: { final: boolean }): Reduction {
  const f = gather(state);
  const lastEnd = f.customerEnds.at(-1);
  if (lastEnd === undefined) return { kind: 'incomplete' };
  const answeredAcd = f.acdEnds.find((a) => a.acdOutcome === 'ANSWERED');
  const agents = new Set(f.userStarts.map((u) => u.userId).filter((id): id is string => id !== undefined));
  if (answeredAcd?.answeredUserId) agents.add(answeredAcd.answeredUserId);
  const wrappedUp = new Set(f.acws.map((a) => a.userId));
  const allWrappedUp = [...agents].every((id) => wrappedUp.has(id));
  const firstStart = f.customerStarts[0];
  if (!final && (!allWrappedUp || firstStart === undefined)) return { kind: 'incomplete' };

  const primary = f.customerStarts.find((s) => s.mediaType !== undefined) ?? f.all.find((s) => s.mediaType);
  const channel = channelOf(primary);
  if (typeof channel !== 'string') return channel;
  const direction = (primary?.direction ?? f.all.find((s) => s.direction)?.direction)?.toLowerCase();
  if (direction !== 'inbound' && direction !== 'outbound') return reject('direction is missing or unknown');

  const queueId = (f.acdStarts[0] ?? f.acdEnds[0] ?? f.userStarts[0])?.queueId;
  const base: Omit<VendorContact, 'outcome'> = {
    contactId: state.key.contactId,
    channel,
    direction,
    origin: { vendor: 'genesys-cloud', instance: state.key.instance, ...(queueId === undefined ? {} : { queueId }) },
    initiatedAt: (firstStart ?? (f.all[0] as GenesysFact)).at,
    ...(f.acdStarts[0] === undefined ? {} : { queuedAt: f.acdStarts[0].at }),
    endedAt: lastEnd.at,
  };

  const answeredAt = answeredAcd?.at ?? f.userStarts[0]?.at;
  if (answeredAt !== undefined) {
    const heldMs = sum(f.userEnds.map((u) => u.heldMs));
    const agentId = answeredAcd?.answeredUserId ?? f.userStarts[0]?.userId;
    const reason = f.acws.filter((a) => a.wrapupCode !== undefined).at(-1)?.wrapupCode;
    const queues = new Set(f.acdStarts.map((a) => a.queueId));
    const contact: VendorContact = {
      ...base,
      ...(agentId === undefined ? {} : { agentId }),
      answeredAt,
      ...(f.userEnds.length === 0
        ? {}
        : {
            talkSeconds: wholeSeconds(sum(f.userEnds.map((u) => u.interactingMs)) - heldMs),
            holdSeconds: wholeSeconds(heldMs),
          }),
      ...(f.acws.length === 0 ? {} : { afterContactWorkSeconds: wholeSeconds(sum(f.acws.map((a) => a.wrapupMs))) }),
      ...(reason === undefined ? {} : { reason: reason.slice(0, 128) }),
      outcome: 'handled',
      transferred: agents.size > 1 || queues.size > 1,
    };
    return { kind: 'contact', contact };
  }
  if (f.all.some((s) => s.mediaType === 'CALLBACK')) {
    return { kind: 'contact', contact: { ...base, outcome: 'callback-requested' } };
  }
  if (f.acdStarts.length === 0) return skip('never reached a queue or an agent (self-service or flow-only contact)');
  if (f.acdEnds.length > 0 && f.acdEnds.every((a) => a.acdOutcome === 'FLOW_OUT')) {
    return skip('left the queue through a flow (FLOW_OUT), not to an agent and not abandoned');
  }
  return { kind: 'contact', contact: { ...base, outcome: 'abandoned' } };
}

/** Genesys Cloud conversation detail events as a {@link VendorEventAdapter}. */
export const genesysConversationAdapter: VendorEventAdapter = {
  vendor: 'genesys-cloud',
  parse: parseGenesysConversationEvent,
  reduce: reduceGenesysConversation,
};
