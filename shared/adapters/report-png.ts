/**
 * An opaque RGB PNG from resvg's RGBA pixels. resvg writes RGBA, and pdfkit embeds a PNG with an alpha channel by
 * inflating it and splitting the alpha out asynchronously, so images with alpha land in the PDF in whichever order
 * those jobs finish (the same figures gave different PDF bytes) and cost a decode each. The charts are drawn on
 * white, so dropping the alpha loses nothing, and pdfkit copies an RGB PNG's compressed data into the PDF as it is.
 */
import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** PNG's "Sub" row filter: each byte minus the one a pixel to its left, which suits flat chart colours. */
const SUB_FILTER = 1;

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** `rgba` holds `width * height` pixels of four bytes, rows top to bottom. */
export function opaquePng(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    raw[row] = SUB_FILTER;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const i = x * 3 + c;
        const value = rgba[(y * width + x) * 4 + c] ?? 0;
        const left = x === 0 ? 0 : (rgba[(y * width + x - 1) * 4 + c] ?? 0);
        raw[row + 1 + i] = (value - left) & 0xff;
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // truecolour, no alpha
  return new Uint8Array(
    Buffer.concat([
      SIGNATURE,
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(raw, { level: 9 })),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}
