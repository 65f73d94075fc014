/**
 * Small, valid leading bytes of each audio format the product stores, and of a few things it must refuse, for tests
 * of type recognition (shared/domain/recording/audio-format.ts) and of the recording object store.
 */

/** The 44-byte header of a mono 16-bit PCM WAV holding `dataBytes` bytes of samples. */
export function wavHeader(dataBytes: number, sampleRate = 8_000): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

/** A whole WAV of `seconds` of a 440 Hz tone. */
export function tinyWav(seconds = 0.25, sampleRate = 8_000): Buffer {
  const samples = Math.round(seconds * sampleRate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++)
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / sampleRate) * 8_000), i * 2);
  return Buffer.concat([wavHeader(data.byteLength, sampleRate), data]);
}

/** One MPEG-1 Layer III frame (128 kbit/s, 44.1 kHz, 417 bytes), optionally behind an empty ID3v2.4 tag. */
export function mp3Frame(withId3 = false): Buffer {
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0x64]);
  if (!withId3) return frame;
  const id3 = Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, ...Buffer.alloc(10)]);
  return Buffer.concat([id3, frame]);
}

/** `fLaC` and a STREAMINFO metadata block (last block, 34 bytes: 8 kHz mono 16-bit). */
export function flacHeader(): Buffer {
  const info = Buffer.alloc(34);
  info.writeUInt16BE(4_096, 0);
  info.writeUInt16BE(4_096, 2);
  // 20 bits sample rate (8000), 3 bits channels-1 (0), 5 bits bits-per-sample-1 (15), 36 bits total samples.
  info.writeUInt32BE(((8_000 << 12) | (0 << 9) | (15 << 4)) >>> 0, 10);
  return Buffer.concat([Buffer.from('fLaC', 'ascii'), Buffer.from([0x80, 0x00, 0x00, 0x22]), info]);
}

/** The first Ogg page (27-byte header, one segment) carrying `packet`: an Opus, Vorbis or Theora identification. */
function oggPage(packet: Buffer): Buffer {
  const header = Buffer.alloc(28);
  header.write('OggS', 0, 'ascii');
  header[5] = 0x02; // beginning of stream
  header.writeUInt32LE(0x1234, 14); // serial number
  header[26] = 1; // one segment
  header[27] = packet.byteLength;
  return Buffer.concat([header, packet]);
}

/** An Ogg Opus identification page (`OpusHead`, version 1, mono, 48 kHz). */
export function oggOpusHeader(): Buffer {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'ascii');
  head[8] = 1;
  head[9] = 1;
  head.writeUInt32LE(48_000, 12);
  return oggPage(head);
}

/** An Ogg Vorbis identification page (`\x01vorbis`, mono, 8 kHz). */
export function oggVorbisHeader(): Buffer {
  const head = Buffer.alloc(30);
  head[0] = 0x01;
  head.write('vorbis', 1, 'ascii');
  head[11] = 1;
  head.writeUInt32LE(8_000, 12);
  head[29] = 1;
  return oggPage(head);
}

/** An Ogg Theora (video) identification page. */
export function oggTheoraHeader(): Buffer {
  const head = Buffer.alloc(42);
  head[0] = 0x80;
  head.write('theora', 1, 'ascii');
  return oggPage(head);
}

/** An MP4 `ftyp` box with the major brand `brand` (`M4A ` for audio, `isom` generic). */
export function ftyp(brand: string): Buffer {
  const box = Buffer.alloc(24);
  box.writeUInt32BE(24, 0);
  box.write('ftyp', 4, 'ascii');
  box.write(brand.padEnd(4, ' '), 8, 'ascii');
  box.write('isom', 16, 'ascii');
  box.write('mp42', 20, 'ascii');
  return box;
}

/** An EBML header of DocType `docType` (`webm`, `matroska`). */
export function ebmlHeader(docType: string): Buffer {
  const doc = Buffer.from(docType, 'ascii');
  const body = Buffer.concat([
    Buffer.from([0x42, 0x86, 0x81, 0x01]), // EBMLVersion 1
    Buffer.from([0x42, 0xf7, 0x81, 0x01]), // EBMLReadVersion 1
    Buffer.from([0x42, 0xf2, 0x81, 0x04]), // EBMLMaxIDLength 4
    Buffer.from([0x42, 0xf3, 0x81, 0x08]), // EBMLMaxSizeLength 8
    Buffer.from([0x42, 0x82, 0x80 | doc.byteLength]),
    doc,
    Buffer.from([0x42, 0x87, 0x81, 0x04]), // DocTypeVersion 4
    Buffer.from([0x42, 0x85, 0x81, 0x02]), // DocTypeReadVersion 2
  ]);
  return Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x80 | body.byteLength]), body]);
}

/** Things that are not audio. */
export const NOT_AUDIO = {
  png: Buffer.from([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    0,
    0,
    0,
    0x0d,
    0x49,
    0x48,
    0x44,
    0x52,
    ...Buffer.alloc(17),
  ]),
  pdf: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'),
  text: Buffer.from('this is a transcript, not a recording\n'),
};
