import { describe, expect, it } from 'vitest';
import { connectRecordingAvailable, translateConnectCtr } from '../../../../events/adapters/amazon-connect-ctr.js';
import { RecordingAvailableDetail } from '../../../../events/recordings.js';
import { placeContact } from '../../../../shared/domain/vendor/place-contact.js';
import { camel, exampleMapping, fixture, rekey } from './vendor-test-kit.js';

/** The canonical contact a record becomes, and the recording it announces for that contact. */
function announce(record: unknown) {
  const placed = placeContact(translateConnectCtr(record), exampleMapping);
  if (placed.kind !== 'contact') return { placed: placed.kind, announced: undefined };
  return { placed: placed.kind, announced: connectRecordingAvailable(record, placed.detail), contact: placed.detail };
}

const handled = () => fixture('amazon-connect/ctr-voice-inbound-handled.json');

describe('Adapter: Amazon Connect contact records (CTR), recordings', () => {
  it("announces a handled call's recording for the canonical contact, as s3://bucket/key", () => {
    const { announced, contact } = announce(handled());

    expect(announced).toEqual({
      ok: true,
      detail: {
        schemaVersion: 1,
        tenantId: 'acme-energy',
        centerId: 'lyon-1',
        occurredAt: '2026-11-02T08:21:40.000Z',
        contactId: '6a1f2b3c-4d5e-4f60-8a71-b2c3d4e5f601',
        location: 's3://acme-connect-recordings/connect/2026/11/02/6a1f2b3c_20261102T08:14_UTC.wav',
        format: 'wav',
        // StartTimestamp 08:14:37 to StopTimestamp 08:21:40.
        durationSeconds: 423,
        customerRef: 'cust-7f3a9c',
        recordedAt: '2026-11-02T08:14:37.000Z',
      },
    });
    expect(announced?.ok && RecordingAvailableDetail.parse(announced.detail)).toEqual(
      announced?.ok && announced.detail,
    );
    expect(announced?.ok && announced.detail.contactId).toBe(contact?.contactId);
  });

  it('reads the same record in any key casing', () => {
    expect(announce(rekey(handled(), camel)).announced).toEqual(announce(handled()).announced);
  });

  it('falls back to the older Recording section, timed from the agent connection to the disconnect', () => {
    const { Recordings: _none, ...record } = handled();

    const { announced } = announce({ ...record, Recording: { ...record.Recording, Location: 'bucket-b/k/c-1.WAV' } });

    expect(announced).toMatchObject({
      ok: true,
      detail: {
        location: 's3://bucket-b/k/c-1.WAV',
        format: 'wav',
        // ConnectedToAgentTimestamp 08:14:37 to DisconnectTimestamp 08:21:40.
        durationSeconds: 423,
        recordedAt: '2026-11-02T08:14:37.000Z',
      },
    });
  });

  it('takes the format from the extension, and keeps a URL location as it is', () => {
    const record = handled();
    record.Recordings[0].Location = 'https://media.platform.example/r/c-1.opus';

    expect(announce(record).announced).toMatchObject({
      ok: true,
      detail: { location: 'https://media.platform.example/r/c-1.opus', format: 'opus' },
    });
  });

  it('announces nothing for a call without a recording, a deleted one, or a chat transcript', () => {
    const deleted = handled();
    deleted.Recordings[0].Status = 'DELETED';
    deleted.Recording.Status = 'DELETED';

    expect(announce(fixture('amazon-connect/ctr-chat-handled.json')).announced).toBeUndefined();
    expect(announce(fixture('amazon-connect/ctr-voice-callback-outbound.json')).announced).toBeUndefined();
    expect(announce(deleted).announced).toBeUndefined();
    expect(announce({ ...handled(), Recording: null, Recordings: null }).announced).toBeUndefined();
  });

  it('announces nothing for records that are not counted contacts (tasks, transfer legs)', () => {
    expect(announce(fixture('amazon-connect/ctr-task.json'))).toMatchObject({ placed: 'skip', announced: undefined });
    expect(announce(fixture('amazon-connect/ctr-transfer-leg.json'))).toMatchObject({
      placed: 'skip',
      announced: undefined,
    });
  });

  it('says why a recording cannot be announced rather than dropping it silently', () => {
    const record = handled();
    record.Recordings[0].Location = 'Not A Bucket/key.wav';

    expect(announce(record).announced).toMatchObject({
      ok: false,
      reason: 'the recording cannot be announced: must be an s3:// URI or an https:// URL',
    });
  });
});
