/**
 * Demo call recordings: small generated WAV files for some of the month's recorded voice contacts, put in the
 * platform stand-in's bucket and announced with `recording.available`, as a telephony platform would. Some data
 * subjects have two recordings (so a hold or an erasure of a `customerRef` reaches several), one recording is kept as
 * complaint evidence, and one per tenant is older than its retention, so the purge `npm start` runs after the demo
 * deletes it.
 */
import { RecordingAvailable, type RecordingAvailableDetail } from '../../../events/recordings.js';
import type { ContactCompletedDetail } from '../../../events/telephony.js';
import type { BusEvent } from './send.js';
import { simulateMonth } from './simulator.js';

/** Where a telephony platform keeps its recordings: the local stand-in of its bucket (infra/local/system.ts). */
export const PLATFORM_RECORDINGS_BUCKET = 'ccc-platform-recordings';

/** An object a generator needs stored before its events are sent. */
export interface DemoObject {
  bucket: string;
  key: string;
  body: Uint8Array;
  contentType: string;
}

/** What the demo records per tenant: data subjects with two recordings, and single ones. */
const SUBJECTS_WITH_TWO = 2;
const SINGLE_RECORDINGS = 4;
/** The old recording is this many days old: past the default six-month retention of training recordings. */
const OLD_RECORDING_AGE_DAYS = 200;
const SAMPLE_RATE = 8_000;
/** Demo files are short: the audio is a tone, what matters is the lifecycle. */
const DEMO_SECONDS = 2;

/**
 * A mono 16-bit PCM WAV of `seconds` of a sine tone: a real audio file (RIFF/WAVE header, `fmt ` and `data`
 * chunks) that players open and type sniffers recognise.
 */
export function toneWav(seconds: number, frequencyHz: number, sampleRate = SAMPLE_RATE): Uint8Array {
  const samples = Math.round(seconds * sampleRate);
  const buffer = Buffer.alloc(44 + samples * 2);
  buffer.write('RIFF', 0, 'ascii');
  buffer.writeUInt32LE(36 + samples * 2, 4);
  buffer.write('WAVE', 8, 'ascii');
  buffer.write('fmt ', 12, 'ascii');
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20); // PCM
  buffer.writeUInt16LE(1, 22); // mono
  buffer.writeUInt32LE(sampleRate, 24);
  buffer.writeUInt32LE(sampleRate * 2, 28);
  buffer.writeUInt16LE(2, 32);
  buffer.writeUInt16LE(16, 34);
  buffer.write('data', 36, 'ascii');
  buffer.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    const fade = Math.min(1, i / 400, (samples - i) / 400);
    const value = Math.round(Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate) * 8_000 * fade);
    buffer.writeInt16LE(value, 44 + i * 2);
  }
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** One demo recording: the announcement and the object it points at. */
export interface DemoRecording {
  detail: RecordingAvailableDetail;
  object: DemoObject;
}

/** The platform's key of a contact's recording, Amazon Connect style (`<instance>/CallRecordings/<date>/<id>.wav`). */
function platformKey(tenantId: string, recordedAt: string, contactId: string): string {
  return `${tenantId}/CallRecordings/${recordedAt.slice(0, 10).replaceAll('-', '/')}/${contactId}.wav`;
}

function recordingOf(
  contact: Pick<ContactCompletedDetail, 'tenantId' | 'centerId' | 'contactId' | 'endedAt' | 'customerRef'> & {
    answeredAt: string;
  },
  retentionClass: RecordingAvailableDetail['retentionClass'],
  index: number,
): DemoRecording {
  const key = platformKey(contact.tenantId, contact.answeredAt, contact.contactId);
  const body = toneWav(DEMO_SECONDS, 330 + (index % 8) * 55);
  return {
    detail: {
      schemaVersion: 1,
      tenantId: contact.tenantId,
      centerId: contact.centerId,
      occurredAt: contact.endedAt,
      contactId: contact.contactId,
      location: `s3://${PLATFORM_RECORDINGS_BUCKET}/${key}`,
      format: 'wav',
      durationSeconds: DEMO_SECONDS,
      ...(retentionClass === undefined ? {} : { retentionClass }),
      ...(contact.customerRef === undefined ? {} : { customerRef: contact.customerRef }),
      recordedAt: contact.answeredAt,
    },
    object: { bucket: PLATFORM_RECORDINGS_BUCKET, key, body, contentType: 'audio/wav' },
  };
}

type Recorded = ContactCompletedDetail & { answeredAt: string; customerRef: string };

/**
 * The demo's recordings for `month`: per tenant, the recorded voice contacts of {@link SUBJECTS_WITH_TWO} data
 * subjects who called twice, {@link SINGLE_RECORDINGS} more (the first kept as complaint evidence), and one
 * recording {@link OLD_RECORDING_AGE_DAYS} days before `now`, of a contact from before the demo month.
 */
export function demoRecordings(month: string, seed: string, now: Date): DemoRecording[] {
  const recorded = simulateMonth({ month, seed }).filter(
    (c): c is Recorded =>
      c.channel === 'voice' && c.recorded === true && c.answeredAt !== undefined && c.customerRef !== undefined,
  );
  const result: DemoRecording[] = [];
  for (const tenantId of [...new Set(recorded.map((c) => c.tenantId))].sort()) {
    const mine = recorded.filter((c) => c.tenantId === tenantId).sort((a, b) => a.contactId.localeCompare(b.contactId));
    const bySubject = new Map<string, Recorded[]>();
    for (const c of mine) bySubject.set(c.customerRef, [...(bySubject.get(c.customerRef) ?? []), c]);
    const twice = [...bySubject.values()].filter((calls) => calls.length >= 2).slice(0, SUBJECTS_WITH_TWO);
    const chosen = twice.flatMap((calls) => calls.slice(0, 2));
    const singles = mine.filter((c) => !chosen.includes(c) && bySubject.get(c.customerRef)?.length === 1);
    const step = Math.max(1, Math.floor(singles.length / SINGLE_RECORDINGS));
    const spread = singles.filter((_, i) => i % step === 0).slice(0, SINGLE_RECORDINGS);
    [...chosen, ...spread].forEach((contact, i) => {
      result.push(recordingOf(contact, contact === spread[0] ? 'complaint_evidence' : 'training_qa', i));
    });
    const first = mine[0];
    if (first !== undefined) {
      const answeredAt = new Date(now.getTime() - OLD_RECORDING_AGE_DAYS * 86_400_000);
      const endedAt = new Date(answeredAt.getTime() + 180_000);
      result.push(
        recordingOf(
          {
            tenantId,
            centerId: first.centerId,
            contactId: `${first.contactId.split('-')[0]}-archive-00001`,
            answeredAt: answeredAt.toISOString(),
            endedAt: endedAt.toISOString(),
            customerRef: `${first.customerRef}-archive`,
          },
          undefined,
          99,
        ),
      );
    }
  }
  return result;
}

/** The announcements of {@link demoRecordings} as bus events. */
export function recordingAvailableEvent(recording: DemoRecording): BusEvent {
  return {
    source: RecordingAvailable.source,
    detailType: RecordingAvailable.detailType,
    detail: recording.detail,
    time: new Date(recording.detail.occurredAt),
  };
}

/** What `npm start` prints about the demo's recordings, so that the README's recording commands can be tried. */
export function describeDemoRecordings(recordings: readonly DemoRecording[]): string[] {
  const lines: string[] = [];
  for (const tenantId of [...new Set(recordings.map((r) => r.detail.tenantId))]) {
    const mine = recordings.map((r) => r.detail).filter((d) => d.tenantId === tenantId);
    const counts = new Map<string, number>();
    for (const d of mine) if (d.customerRef) counts.set(d.customerRef, (counts.get(d.customerRef) ?? 0) + 1);
    const twice = [...counts].find(([, n]) => n === 2)?.[0];
    const subject = mine.filter((d) => d.customerRef === twice).map((d) => d.contactId);
    lines.push(
      `  ${tenantId}: ${mine.length} recordings; CONTACT=${subject[0]} (customer ${twice}, also ${subject[1]})`,
    );
  }
  return lines;
}
