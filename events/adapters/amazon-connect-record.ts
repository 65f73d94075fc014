/**
 * The Amazon Connect contact, as both of its published shapes describe it (contact records and contact events), and
 * the one set of rules that turns it into a canonical contact. Field meanings follow the Amazon Connect
 * Administrator Guide, "Data model for contact records" and "Amazon Connect contact events".
 */
import { z } from 'zod';
import type { Channel } from '../telephony.js';
import { instant, section, text } from './lenient.js';
import { reject, skip, type Translation, type VendorContact, wholeSeconds } from './vendor-contact.js';

/**
 * The fields both shapes carry under the same names, in the lenient key spelling. The contact id is the one they
 * require; its messages spell it as the shape does (`ContactId` in records, `contactId` in events).
 */
export function connectContactFields(contactIdName: 'ContactId' | 'contactId') {
  return {
    contactid: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined),
      z.string({ message: `${contactIdName} is missing` }).max(128, `${contactIdName} is longer than 128 characters`),
    ),
    channel: text,
    initiationmethod: text,
    instancearn: text,
    initiationtimestamp: instant,
    connectedtosystemtimestamp: instant,
    disconnecttimestamp: instant,
    segmentattributes: section(z.object({ 'connect:subtype': section(z.object({ valuestring: text })) })),
  };
}

/** What the classification needs, read from either shape. Instants are canonical ISO strings. */
export interface ConnectRecord {
  contactId: string;
  instanceId?: string;
  channel?: string;
  /** `connect:Subtype` segment attribute (`connect:SMS`, `connect:WhatsApp`, ...), distinguishing messaging chats. */
  subtype?: string;
  initiationMethod?: string;
  initiatedAt?: string;
  /** When the customer's endpoint connected: for outbound and callbacks, when the customer answered. */
  connectedToSystemAt?: string;
  disconnectedAt?: string;
  queue?: { id?: string; name?: string; enqueuedAt?: string };
  agent?: {
    id?: string;
    connectedAt?: string;
    talkSeconds?: number;
    holdSeconds?: number;
    afterContactWorkSeconds?: number;
  };
  /**
   * The contact has a next contact: a queued callback, a transfer, or (contact records) one of unknown kind. Contact
   * records name the next contact but not its kind, so every kind is treated alike.
   */
  nextContact?: 'callback' | 'transfer' | 'other';
  /** The contact was transferred out of Amazon Connect (TransferCompletedTimestamp). */
  transferredOut?: boolean;
  recorded?: boolean;
  attributes?: Record<string, string>;
}

/** The instance id inside an instance, queue, agent or contact ARN (`.../instance/<id>/...`), or the value itself. */
export function instanceIdOf(arnOrId: string): string {
  return /instance\/([^/]+)/.exec(arnOrId)?.[1] ?? arnOrId;
}

/** Chat subtypes that are messaging channels (SMS, WhatsApp, Apple Messages for Business) rather than web chat. */
const MESSAGING_SUBTYPES = new Set(['connect:sms', 'connect:whatsapp', 'connect:apple', 'connect:applebusinesschat']);

function channelOf(record: ConnectRecord): Channel | Translation {
  if (record.channel === undefined) return reject('Channel is missing');
  // Recent versions send `VOICE`, older ones and some samples `Voice`.
  switch (record.channel.toUpperCase()) {
    case 'VOICE':
      return 'voice';
    case 'CHAT':
      return MESSAGING_SUBTYPES.has(record.subtype?.toLowerCase() ?? '') ? 'messaging' : 'chat';
    case 'EMAIL':
      return 'email';
    case 'TASK':
      return skip('task contacts are back-office work items, not customer contacts');
    default:
      return reject(`unknown Channel "${record.channel}"`);
  }
}

/**
 * Initiation methods that start a customer contact, and their direction. The others are legs or by-products of a
 * contact already counted (a transfer, a supervisor's monitoring, an agent's e-mail reply, a disconnect flow).
 */
const CUSTOMER_CONTACT_METHODS: Record<string, 'inbound' | 'outbound' | 'by-channel'> = {
  INBOUND: 'inbound',
  OUTBOUND: 'outbound',
  CALLBACK: 'outbound',
  WEBRTC_API: 'inbound',
  // StartOutboundVoiceContact makes outbound calls; StartChatContact, StartTaskContact and StartEmailContact are
  // customers reaching the centre.
  API: 'by-channel',
};
const CONTINUATION_METHODS = new Set([
  'TRANSFER',
  'QUEUE_TRANSFER',
  'EXTERNAL_OUTBOUND',
  'MONITOR',
  'DISCONNECT',
  'AGENT_REPLY',
  'FLOW',
]);

function directionOf(record: ConnectRecord, channel: Channel): 'inbound' | 'outbound' | Translation {
  const method = record.initiationMethod?.toUpperCase();
  if (method === undefined) return reject('InitiationMethod is missing');
  if (CONTINUATION_METHODS.has(method)) {
    return skip(`${method} contacts continue a contact counted under its initial contact id`);
  }
  const direction = CUSTOMER_CONTACT_METHODS[method];
  if (direction === undefined) return reject(`unknown InitiationMethod "${record.initiationMethod}"`);
  if (direction !== 'by-channel') return direction;
  return channel === 'voice' ? 'outbound' : 'inbound';
}

/** Handle-time components of a contact an agent took, each only when known. */
function handleTimes(record: ConnectRecord, answeredAt: string, endedAt: string) {
  const agent = record.agent ?? {};
  const holdSeconds = agent.holdSeconds;
  // Contact events carry no talk time: it is the connected span less the hold the agent put the customer on.
  const talkSeconds =
    agent.talkSeconds ?? Math.max(0, wholeSeconds(Date.parse(endedAt) - Date.parse(answeredAt)) - (holdSeconds ?? 0));
  return {
    talkSeconds,
    ...(holdSeconds === undefined ? {} : { holdSeconds }),
    ...(agent.afterContactWorkSeconds === undefined ? {} : { afterContactWorkSeconds: agent.afterContactWorkSeconds }),
  };
}

/**
 * Classifies one Amazon Connect contact: a canonical contact (handled, abandoned in queue, callback requested), a
 * contact that is not counted (skip, with the reason) or an unusable one (reject, with the reason).
 */
export function classifyConnectRecord(record: ConnectRecord): Translation {
  const channel = channelOf(record);
  if (typeof channel !== 'string') return channel;
  const direction = directionOf(record, channel);
  if (typeof direction !== 'string') return direction;
  if (record.instanceId === undefined) return reject('InstanceARN is missing, so the contact cannot be placed');
  const { initiatedAt, disconnectedAt: endedAt } = record;
  if (initiatedAt === undefined) return reject('InitiationTimestamp is missing or not a date-time');
  if (endedAt === undefined) return reject('DisconnectTimestamp is missing or not a date-time');

  const queuedAt = record.queue?.enqueuedAt;
  const agentAt = record.agent?.connectedAt;
  const outboundish = direction === 'outbound';
  // An outbound call or callback is answered when the customer picks up; an agent is on it from the start.
  const answeredAt = outboundish
    ? record.connectedToSystemAt === undefined
      ? undefined
      : (agentAt ?? record.connectedToSystemAt)
    : agentAt;

  const base = {
    contactId: record.contactId,
    channel,
    direction,
    origin: {
      vendor: 'amazon-connect' as const,
      instance: record.instanceId,
      ...(record.queue?.id === undefined ? {} : { queueId: record.queue.id }),
      ...(record.queue?.name === undefined ? {} : { queueName: record.queue.name }),
    },
    initiatedAt,
    ...(queuedAt === undefined ? {} : { queuedAt }),
    endedAt,
    ...(record.recorded === undefined ? {} : { recorded: record.recorded }),
    ...(record.attributes === undefined ? {} : { attributes: record.attributes }),
  };

  if (answeredAt !== undefined) {
    const contact: VendorContact = {
      ...base,
      ...(record.agent?.id === undefined ? {} : { agentId: record.agent.id }),
      answeredAt,
      ...handleTimes(record, answeredAt, endedAt),
      outcome: 'handled',
      transferred: record.nextContact !== undefined || record.transferredOut === true,
    };
    return { kind: 'contact', contact };
  }
  if (outboundish) return skip(`${record.initiationMethod} contact not answered by the customer`);
  // A queued callback ends the inbound contact in queue and creates the callback as its next contact (Administrator
  // Guide, "queued callback example"). A contact record does not say which kind its next contact is; a callback is
  // what customer queue flows offer, so a queue-to-queue transfer is counted the same way (see the import notes).
  if (record.nextContact !== undefined) {
    return { kind: 'contact', contact: { ...base, outcome: 'callback-requested' } };
  }
  if (queuedAt !== undefined) return { kind: 'contact', contact: { ...base, outcome: 'abandoned' } };
  return skip('never reached a queue or an agent (self-service or flow-only contact)');
}
