/**
 * ArchiveWriter (shared/app/evidence-pack.ts) on yazl: a zip written as a stream, entries deflated one after the
 * other, each entry's content pulled only when the archive reaches it (so the manifest, added last, is produced
 * after every file it lists was hashed). yazl does not see a failing entry stream: its failure is passed on to the
 * archive's output, so the upload that reads it fails instead of waiting forever.
 */
import { PassThrough, Readable } from 'node:stream';
import yazl from 'yazl';
import type { ArchiveWriter } from '../app/evidence-pack.js';

export class ZipArchive implements ArchiveWriter {
  private readonly zip = new yazl.ZipFile();
  private readonly output = new PassThrough();
  readonly bytes: AsyncIterable<Uint8Array> = this.output;

  /** `modifiedAt`: the time every entry is dated with (the pack's generation time). */
  constructor(private readonly modifiedAt: Date) {
    const source = this.zip.outputStream as Readable;
    source.on('error', (error) => this.output.destroy(error));
    this.zip.on('error', (error: Error) => this.output.destroy(error));
    source.pipe(this.output);
  }

  add(path: string, content: () => AsyncIterable<Uint8Array>): void {
    this.zip.addReadStreamLazy(path, { mtime: this.modifiedAt }, (ready) => {
      const stream = Readable.from(content(), { objectMode: false });
      stream.on('error', (error) => this.output.destroy(error));
      ready(null, stream);
    });
  }

  end(): void {
    this.zip.end();
  }
}
