import { describe, expect, it } from 'vitest';
import type { RecordingFormat } from '../../../../../events/recordings.js';
import { RECORDING_CONTENT_TYPES, recogniseAudio } from '../../../../../shared/domain/recording/audio-format.js';
import {
  ebmlHeader,
  flacHeader,
  ftyp,
  mp3Frame,
  NOT_AUDIO,
  oggOpusHeader,
  oggTheoraHeader,
  oggVorbisHeader,
  tinyWav,
} from '../../../../support/audio-headers.js';

describe('Function: recogniseAudio', () => {
  const cases: Array<[RecordingFormat, string, Buffer]> = [
    ['wav', 'a generated PCM WAV', tinyWav()],
    ['mp3', 'a bare MPEG-1 Layer III frame', mp3Frame()],
    ['mp3', 'an MP3 frame behind an ID3v2 tag', mp3Frame(true)],
    ['flac', 'a FLAC STREAMINFO header', flacHeader()],
    ['opus', 'an Ogg Opus first page', oggOpusHeader()],
    ['ogg', 'an Ogg Vorbis first page', oggVorbisHeader()],
    ['ogg', 'an Ogg Opus first page announced as the Ogg container', oggOpusHeader()],
    ['m4a', 'an MP4 of major brand M4A', ftyp('M4A')],
    ['m4a', 'an MP4 of a generic brand (isom)', ftyp('isom')],
    ['webm', 'a WebM EBML header', ebmlHeader('webm')],
  ];

  it.each(cases)('accepts %s from %s, with the content type of the announced format', async (format, _what, bytes) => {
    await expect(recogniseAudio(bytes, format)).resolves.toMatchObject({
      accepted: true,
      format,
      contentType: RECORDING_CONTENT_TYPES[format],
    });
  });

  it('refuses bytes of another audio format than announced, naming both', async () => {
    await expect(recogniseAudio(tinyWav(), 'mp3')).resolves.toEqual({
      accepted: false,
      reason: 'announced as mp3 but the bytes are wav (audio/wav)',
    });
    await expect(recogniseAudio(oggVorbisHeader(), 'opus')).resolves.toEqual({
      accepted: false,
      reason: 'announced as opus but the bytes are Ogg Vorbis',
    });
    await expect(recogniseAudio(flacHeader(), 'ogg')).resolves.toMatchObject({ accepted: false });
  });

  it('refuses what is not audio, saying so', async () => {
    for (const bytes of [NOT_AUDIO.png, NOT_AUDIO.pdf])
      await expect(recogniseAudio(bytes, 'wav')).resolves.toMatchObject({
        accepted: false,
        reason: expect.stringMatching(/^the bytes are not audio: /),
      });
    await expect(recogniseAudio(oggTheoraHeader(), 'ogg')).resolves.toEqual({
      accepted: false,
      reason: 'the bytes are not audio: Ogg video (announced as ogg)',
    });
    await expect(recogniseAudio(ebmlHeader('matroska'), 'webm')).resolves.toMatchObject({ accepted: false });
  });

  it('refuses bytes of no known type and an empty body', async () => {
    await expect(recogniseAudio(NOT_AUDIO.text, 'wav')).resolves.toEqual({
      accepted: false,
      reason: 'the bytes are not of any known audio format',
    });
    await expect(recogniseAudio(new Uint8Array(0), 'wav')).resolves.toEqual({
      accepted: false,
      reason: 'the recording is empty',
    });
  });

  it('recognises by the leading bytes: a PNG with a WAV appended is refused', async () => {
    await expect(recogniseAudio(Buffer.concat([NOT_AUDIO.png, tinyWav()]), 'wav')).resolves.toMatchObject({
      accepted: false,
    });
  });
});
