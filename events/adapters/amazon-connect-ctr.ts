/**
 * Amazon Connect contact records (contact trace records, CTR), as exported to the CTR Kinesis stream or to JSON
 * lines. Read leniently: unknown fields are ignored, `null` means absent, key casing may vary.
 *
 * Mapping (Amazon Connect Administrator Guide, "Data model for contact records"):
 * - talk = `Agent.AgentInteractionDuration`, hold = `Agent.CustomerHoldDuration`, after-contact work =
 *   `Agent.AfterContactWorkDuration` (or its start/end timestamps): together Amazon Connect's contact handle time;
 * - queued = `Queue.EnqueueTimestamp`, answered = `Agent.ConnectedToAgentTimestamp`, ended = `DisconnectTimestamp`;
 * - abandoned = queued but never connected to an agent ("How to identify abandoned contacts");
 * - agent = the user id at the end of `Agent.ARN` (the only agent identifier contact events carry too, so both
 *   sources name an agent the same way), else `Agent.Username`.
 */
import { z } from 'zod';
import { RecordingAvailableDetail, RecordingFormat } from '../recordings.js';
import type { ContactCompletedDetail } from '../telephony.js';
import {
  type ConnectRecord,
  classifyConnectRecord,
  connectContactFields,
  instanceIdOf,
} from './amazon-connect-record.js';
import {
  amount,
  describeIssues,
  instant,
  keyOf,
  lastSegment,
  normalizeKeys,
  section,
  stringMap,
  text,
} from './lenient.js';
import { reject, type Translation, wholeSeconds } from './vendor-contact.js';

const Recording = z.object({
  status: text,
  location: text,
  type: text,
  mediastreamtype: text,
  starttimestamp: instant,
  stoptimestamp: instant,
});

/** Older exports and hand-made files carry the agent as a bare username. */
const Agent = z.preprocess(
  (v) => (typeof v === 'string' ? { username: v } : v),
  z.object({
    arn: text,
    username: text,
    connectedtoagenttimestamp: instant,
    agentinteractionduration: amount,
    customerholdduration: amount,
    aftercontactworkduration: amount,
    aftercontactworkstarttimestamp: instant,
    aftercontactworkendtimestamp: instant,
  }),
);

/** The fields of a contact record this adapter reads, in the lenient key spelling. */
export const ConnectContactRecord = z.object({
  ...connectContactFields('ContactId'),
  nextcontactid: text,
  transfercompletedtimestamp: instant,
  queue: section(z.object({ arn: text, name: text, enqueuetimestamp: instant })),
  agent: section(Agent),
  recording: section(Recording),
  recordings: section(z.array(Recording.catch({ status: undefined, location: undefined }))),
  attributes: stringMap,
});
type ConnectContactRecord = z.infer<typeof ConnectContactRecord>;

/** `input` is the record as received: {@link normalizeKeys} drops `null` members, and a null recording matters. */
function recordedOf(input: object, ctr: ConnectContactRecord): boolean | undefined {
  const all = [...(ctr.recording ? [ctr.recording] : []), ...(ctr.recordings ?? [])];
  if (all.some((r) => r.status?.toUpperCase() !== 'DELETED' && (r.location !== undefined || r.status !== undefined))) {
    return true;
  }
  // The record says so explicitly (`"Recording": null`) rather than by leaving the field out.
  return Object.keys(input).some((k) => keyOf(k) === 'recording' || keyOf(k) === 'recordings') ? false : undefined;
}

function acwSeconds(agent: NonNullable<ConnectContactRecord['agent']>): number | undefined {
  if (agent.aftercontactworkduration !== undefined) return agent.aftercontactworkduration;
  const { aftercontactworkstarttimestamp: start, aftercontactworkendtimestamp: end } = agent;
  return start && end ? wholeSeconds(Date.parse(end) - Date.parse(start)) : undefined;
}

function toConnectRecord(input: object, ctr: ConnectContactRecord): ConnectRecord {
  const agent = ctr.agent;
  const agentId = agent?.arn ? lastSegment(agent.arn) : agent?.username;
  const acw = agent ? acwSeconds(agent) : undefined;
  return {
    contactId: ctr.contactid,
    instanceId: ctr.instancearn ? instanceIdOf(ctr.instancearn) : undefined,
    channel: ctr.channel,
    subtype: ctr.segmentattributes?.['connect:subtype']?.valuestring,
    initiationMethod: ctr.initiationmethod,
    initiatedAt: ctr.initiationtimestamp,
    connectedToSystemAt: ctr.connectedtosystemtimestamp,
    disconnectedAt: ctr.disconnecttimestamp,
    queue: ctr.queue && {
      id: ctr.queue.arn ? lastSegment(ctr.queue.arn) : undefined,
      name: ctr.queue.name,
      enqueuedAt: ctr.queue.enqueuetimestamp,
    },
    agent: agent && {
      id: agentId,
      connectedAt: agent.connectedtoagenttimestamp,
      talkSeconds: agent.agentinteractionduration,
      holdSeconds: agent.customerholdduration,
      afterContactWorkSeconds: acw,
    },
    nextContact: ctr.nextcontactid === undefined ? undefined : 'other',
    transferredOut: ctr.transfercompletedtimestamp !== undefined,
    recorded: recordedOf(input, ctr),
    attributes: ctr.attributes,
  };
}

/**
 * Translates one Amazon Connect contact record (already parsed from JSON). Pure: no I/O, no clock.
 *
 * @example test/fixtures/vendors/amazon-connect/ctr-voice-inbound-handled.json
 */
export function translateConnectCtr(input: unknown): Translation {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return reject('a contact record must be a JSON object');
  }
  const parsed = ConnectContactRecord.safeParse(normalizeKeys(input));
  if (!parsed.success) return reject(describeIssues(parsed.error));
  return classifyConnectRecord(toConnectRecord(input, parsed.data));
}

/** One recording a contact record points at: the call audio, not a chat transcript or a screen recording. */
type CtrRecording = z.infer<typeof Recording>;

function isCallAudio(r: CtrRecording): boolean {
  const media = (r.mediastreamtype ?? r.type ?? 'AUDIO').toUpperCase();
  return media === 'AUDIO' && r.location !== undefined && r.status?.toUpperCase() !== 'DELETED';
}

/** Amazon Connect writes `Location` as `bucket/key`, without a scheme; a URI or URL is kept as it is. */
function sourceUri(location: string): string {
  return /^(s3|https?):\/\//i.test(location) ? location : `s3://${location.replace(/^\/+/, '')}`;
}

/** The format by the key's extension (Connect records WAV); the ingestion checks it against the bytes anyway. */
function formatOf(location: string): RecordingFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(location.split('?')[0] ?? '')?.[1]?.toLowerCase();
  const format = RecordingFormat.safeParse(extension);
  return format.success ? format.data : 'wav';
}

function secondsBetween(from: string | undefined, to: string | undefined): number | undefined {
  if (from === undefined || to === undefined) return undefined;
  const seconds = Math.round((Date.parse(to) - Date.parse(from)) / 1000);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/** What an Amazon Connect contact record says of its call recording, or `undefined` when it has none. */
export type ConnectRecordingAnnouncement =
  | { ok: true; detail: RecordingAvailableDetail }
  | { ok: false; reason: string }
  | undefined;

/**
 * The `recording.available` of a contact record with a call recording (`Recordings[]` of media AUDIO, else
 * `Recording`), for `contact`, the canonical contact the record was translated and placed into (its tenant, centre,
 * id and data subject). Duration: the recording's `StartTimestamp`..`StopTimestamp` when given, else from the agent's
 * connection to the disconnect, else the agent's interaction and hold time; it starts at `StartTimestamp`, else at
 * the agent's connection. Pure: no I/O, no clock.
 *
 * @example test/fixtures/vendors/amazon-connect/ctr-voice-inbound-handled.json
 */
export function connectRecordingAvailable(
  input: unknown,
  contact: ContactCompletedDetail,
): ConnectRecordingAnnouncement {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return undefined;
  const parsed = ConnectContactRecord.safeParse(normalizeKeys(input));
  if (!parsed.success) return undefined;
  const ctr = parsed.data;
  const recording = [...(ctr.recordings ?? []), ...(ctr.recording ? [ctr.recording] : [])].find(isCallAudio);
  if (recording?.location === undefined) return undefined;
  const connectedAt = ctr.agent?.connectedtoagenttimestamp;
  const talk = (ctr.agent?.agentinteractionduration ?? 0) + (ctr.agent?.customerholdduration ?? 0);
  const durationSeconds =
    secondsBetween(recording.starttimestamp, recording.stoptimestamp) ??
    secondsBetween(connectedAt, ctr.disconnecttimestamp) ??
    (talk > 0 ? Math.round(talk) : undefined) ??
    secondsBetween(ctr.initiationtimestamp, ctr.disconnecttimestamp);
  if (durationSeconds === undefined) return { ok: false, reason: 'the recording has no duration the record can tell' };
  const recordedAt = recording.starttimestamp ?? connectedAt ?? contact.initiatedAt;
  const announced = RecordingAvailableDetail.safeParse({
    schemaVersion: 1,
    tenantId: contact.tenantId,
    centerId: contact.centerId,
    occurredAt: recording.stoptimestamp ?? contact.endedAt,
    contactId: contact.contactId,
    location: sourceUri(recording.location),
    format: formatOf(recording.location),
    durationSeconds,
    ...(contact.customerRef === undefined ? {} : { customerRef: contact.customerRef }),
    recordedAt,
  });
  if (announced.success) return { ok: true, detail: announced.data };
  return { ok: false, reason: `the recording cannot be announced: ${describeIssues(announced.error)}` };
}
