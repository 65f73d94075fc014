/**
 * RecordingSource (shared/app/recordings.ts) over the platforms' stores: an allow-listed S3 bucket (`s3://bucket/key`,
 * GetObject) or an allow-listed HTTP(S) origin (`fetch`, redirects followed only to allowed origins). Failures that
 * may pass (missing for now, unreachable, throttled, 5xx, a stalled transfer) are retryable RecordingSourceErrors; a
 * source that is not allowed or refuses us is not. URLs are described without their query: presigned source URLs
 * carry credentials there.
 */
import { Readable, Transform } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type RecordingSource, RecordingSourceError, type SourceRecording } from '../app/recordings.js';
import {
  describeUrl,
  isAllowedBucket,
  isAllowedUrl,
  type RecordingSourceAllowList,
} from '../domain/recording/source-allow-list.js';

export interface RecordingSourceOptions {
  /** Until the response headers arrive (default 30 s). */
  connectTimeoutMs?: number;
  /** Longest pause while the body streams (default 60 s): a stalled transfer is abandoned and retried. */
  idleTimeoutMs?: number;
  /** Redirects followed, each to an allowed origin (default 3). */
  maxRedirects?: number;
  fetch?: typeof fetch;
}

const RETRYABLE_HTTP = new Set([404, 408, 429]);

/** The bucket and key of `s3://bucket/key` (the key as written: S3 URIs are not percent-encoded). */
export function parseS3Uri(location: string): { bucket: string; key: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
  return match === null ? undefined : { bucket: match[1] as string, key: match[2] as string };
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

/** Errors a body emits become retryable source errors; a body that stops moving for `idleMs` is abandoned. */
function guarded(body: Readable, idleMs: number, what: string): Readable {
  let timer: NodeJS.Timeout | undefined;
  const out = new Transform({
    transform(chunk, _encoding, callback) {
      arm();
      callback(null, chunk);
    },
    flush(callback) {
      clearTimeout(timer);
      callback();
    },
    destroy(error, callback) {
      clearTimeout(timer);
      body.destroy();
      callback(error);
    },
  });
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () => out.destroy(new RecordingSourceError(`${what} stalled for ${idleMs / 1000} s`, true)),
      idleMs,
    );
    timer.unref?.();
  };
  body.on('error', (error) =>
    out.destroy(
      error instanceof RecordingSourceError
        ? error
        : new RecordingSourceError(`${what} broke off: ${error.name ?? 'error'}`, true),
    ),
  );
  arm();
  body.pipe(out);
  return out;
}

export class AllowListedRecordingSource implements RecordingSource {
  private readonly connectTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly maxRedirects: number;
  private readonly fetch: typeof fetch;

  constructor(
    private readonly s3: S3Client,
    private readonly allow: RecordingSourceAllowList,
    options: RecordingSourceOptions = {},
  ) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 30_000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.maxRedirects = options.maxRedirects ?? 3;
    this.fetch = options.fetch ?? fetch;
  }

  async open(location: string): Promise<SourceRecording> {
    if (location.startsWith('s3://')) return this.openObject(location);
    let url: URL;
    try {
      url = new URL(location);
    } catch {
      throw new RecordingSourceError('the location is neither an s3:// URI nor a URL', false);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new RecordingSourceError(`${url.protocol} sources are not supported`, false);
    return this.openUrl(url);
  }

  private async openObject(location: string): Promise<SourceRecording> {
    const uri = parseS3Uri(location);
    if (uri === undefined) throw new RecordingSourceError('the location is not s3://<bucket>/<key>', false);
    const what = `s3://${uri.bucket}/${uri.key}`;
    if (!isAllowedBucket(this.allow, uri.bucket))
      throw new RecordingSourceError(`bucket ${uri.bucket} is not an allowed recording source`, false);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.connectTimeoutMs);
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: uri.bucket, Key: uri.key }), {
        abortSignal: abort.signal,
      });
      if (!(out.Body instanceof Readable)) throw new RecordingSourceError(`${what} has no body`, true);
      return {
        body: guarded(out.Body, this.idleTimeoutMs, what),
        ...(out.ContentLength === undefined ? {} : { contentLength: out.ContentLength }),
      };
    } catch (error) {
      if (error instanceof RecordingSourceError) throw error;
      throw this.objectError(error, what, abort.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  private objectError(error: unknown, what: string, timedOut: boolean): RecordingSourceError {
    if (timedOut)
      return new RecordingSourceError(`${what} did not answer within ${this.connectTimeoutMs / 1000} s`, true);
    const status = statusOf(error);
    const name = (error as Error)?.name ?? 'error';
    if (name === 'NoSuchKey' || name === 'NotFound' || status === 404)
      return new RecordingSourceError(`${what} does not exist (yet)`, true);
    if (status !== undefined && status >= 400 && status < 500 && !RETRYABLE_HTTP.has(status))
      return new RecordingSourceError(`${what} was refused: ${name} (HTTP ${status})`, false);
    return new RecordingSourceError(`${what} could not be read: ${name}${status ? ` (HTTP ${status})` : ''}`, true);
  }

  private async openUrl(first: URL): Promise<SourceRecording> {
    let url = first;
    for (let redirects = 0; ; redirects++) {
      const what = describeUrl(url);
      if (!isAllowedUrl(this.allow, url))
        throw new RecordingSourceError(`${url.origin} is not an allowed recording source`, false);
      const response = await this.request(url, what);
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => undefined);
        const next = response.headers.get('location');
        if (next === null) throw new RecordingSourceError(`${what} redirected nowhere`, false);
        if (redirects >= this.maxRedirects)
          throw new RecordingSourceError(`${what}: more than ${this.maxRedirects} redirects`, false);
        url = new URL(next, url);
        continue;
      }
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => undefined);
        const retryable = response.status >= 500 || RETRYABLE_HTTP.has(response.status);
        const missing = response.status === 404 ? ' (missing)' : '';
        throw new RecordingSourceError(`${what} answered HTTP ${response.status}${missing}`, retryable);
      }
      if (response.body === null) throw new RecordingSourceError(`${what} answered without a body`, true);
      const length = Number(response.headers.get('content-length') ?? Number.NaN);
      return {
        body: guarded(Readable.fromWeb(response.body as never), this.idleTimeoutMs, what),
        ...(Number.isSafeInteger(length) && length >= 0 ? { contentLength: length } : {}),
      };
    }
  }

  /** Until the headers arrive; the body then streams under the idle timeout. */
  private async request(url: URL, what: string): Promise<Response> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.connectTimeoutMs);
    try {
      return await this.fetch(url, { redirect: 'manual', signal: abort.signal });
    } catch (error) {
      if (abort.signal.aborted)
        throw new RecordingSourceError(`${what} did not answer within ${this.connectTimeoutMs / 1000} s`, true);
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new RecordingSourceError(`${what} is unreachable: ${cause}`, true);
    } finally {
      clearTimeout(timer);
    }
  }
}
