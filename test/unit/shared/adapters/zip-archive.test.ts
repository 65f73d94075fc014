import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ZipArchive } from '../../../../shared/adapters/zip-archive.js';

const encoder = new TextEncoder();
async function* lines(...texts: string[]) {
  for (const text of texts) yield encoder.encode(text);
}
async function collect(bytes: AsyncIterable<Uint8Array>) {
  const chunks: Uint8Array[] = [];
  for await (const chunk of bytes) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('ZipArchive', () => {
  it('writes a zip that unzip reads back, reading each entry only when it is reached', async () => {
    const archive = new ZipArchive(new Date('2026-12-01T00:00:00Z'));
    const order: string[] = [];
    archive.add('a/first.csv', () => {
      order.push('first');
      return lines('id\r\n', '1\r\n');
    });
    archive.add('last.json', () => {
      order.push('last');
      return lines('{"after":"first"}\n');
    });
    archive.end();
    // The first entry is reached at once; the last only once the first is written.
    expect(order).toEqual(['first']);
    const zip = await collect(archive.bytes);
    expect(order).toEqual(['first', 'last']);
    const dir = mkdtempSync(join(tmpdir(), 'zip-unit-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'x.zip'), zip);
    execFileSync('unzip', ['-q', 'x.zip'], { cwd: dir });
    expect(readFileSync(join(dir, 'a/first.csv'), 'utf8')).toBe('id\r\n1\r\n');
    expect(readFileSync(join(dir, 'last.json'), 'utf8')).toBe('{"after":"first"}\n');
  });

  it("fails its bytes when an entry's content fails, instead of hanging", async () => {
    const archive = new ZipArchive(new Date());
    archive.add('broken.csv', async function* () {
      yield encoder.encode('id\r\n');
      throw new Error('the table went away');
    });
    archive.end();
    await expect(collect(archive.bytes)).rejects.toThrow('the table went away');
  });
});
