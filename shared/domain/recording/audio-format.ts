/**
 * Which audio a recording is, from its first bytes (magic numbers, read by `file-type`), never from its name or
 * from what the platform says: the announced `format` must agree with the bytes, and anything that is not audio of a
 * stored format is refused with the reason.
 */
import { fileTypeFromBuffer } from 'file-type/core';
import type { RecordingFormat } from '../../../events/recordings.js';

/** How many leading bytes recognition reads: `file-type`'s own sample size, which every stored format fits in. */
export const AUDIO_SNIFF_BYTES = 4_100;

/** The `Content-Type` an object of each format is stored (and later served) with. */
export const RECORDING_CONTENT_TYPES: Readonly<Record<RecordingFormat, string>> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  opus: 'audio/ogg; codecs=opus',
  flac: 'audio/flac',
  m4a: 'audio/mp4',
  webm: 'audio/webm',
};

/** A readable name for what `file-type` found, for refusal reasons. */
const DETECTED_NAMES: Readonly<Record<string, string>> = {
  opus: 'Ogg Opus',
  ogg: 'Ogg Vorbis',
  oga: 'Ogg FLAC',
  spx: 'Ogg Speex',
  ogx: 'an Ogg stream of no known audio codec',
  ogv: 'Ogg video',
  mp4: 'an MP4 (ISO base media) file',
};

/**
 * Which `file-type` readings each announced format accepts. An Ogg file is a container: announced as `ogg` it may
 * carry Vorbis, Opus, FLAC or Speex; announced as `opus` its first page must be an Opus header. An `m4a` is an MP4
 * file; platforms write audio-only MP4 with the major brand `M4A ` or a generic one (`isom`, `mp42`: `file-type`'s
 * `mp4`), and the first bytes cannot tell an audio-only MP4 from one with video, so both are accepted. WebM is
 * reported as `video/webm` whatever its tracks, for the same reason.
 */
const ACCEPTED: Readonly<Record<RecordingFormat, readonly string[]>> = {
  wav: ['wav'],
  mp3: ['mp3'],
  ogg: ['ogg', 'opus', 'oga', 'spx'],
  opus: ['opus'],
  flac: ['flac'],
  m4a: ['m4a', 'mp4'],
  webm: ['webm'],
};

/** Containers `file-type` reports with a video type that commonly hold audio only. */
const AUDIO_CONTAINERS: ReadonlySet<string> = new Set(['webm', 'mp4']);

/** What recognition decided: the format and content type to store, or why the bytes are refused. */
export type AudioRecognition =
  | { accepted: true; format: RecordingFormat; contentType: string; detected: string }
  | { accepted: false; reason: string };

/**
 * Recognises the audio in `head` (the first {@link AUDIO_SNIFF_BYTES} bytes, or the whole body when shorter) and
 * checks it against the announced format. Accepted bytes are stored as the announced format (its extension is in the
 * object key), with that format's content type.
 */
export async function recogniseAudio(head: Uint8Array, declared: RecordingFormat): Promise<AudioRecognition> {
  if (head.byteLength === 0) return { accepted: false, reason: 'the recording is empty' };
  const found = await fileTypeFromBuffer(head);
  if (found === undefined) return { accepted: false, reason: 'the bytes are not of any known audio format' };
  if (ACCEPTED[declared].includes(found.ext))
    return { accepted: true, format: declared, contentType: RECORDING_CONTENT_TYPES[declared], detected: found.ext };
  const what = DETECTED_NAMES[found.ext] ?? `${found.ext} (${found.mime})`;
  const audio = found.mime.startsWith('audio/') || AUDIO_CONTAINERS.has(found.ext);
  return {
    accepted: false,
    reason: audio
      ? `announced as ${declared} but the bytes are ${what}`
      : `the bytes are not audio: ${what} (announced as ${declared})`,
  };
}
