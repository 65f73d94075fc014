import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AllowListedRecordingSource, parseS3Uri } from '../../../shared/adapters/recording-source.js';
import type { RecordingSourceError } from '../../../shared/app/recordings.js';
import { parseRecordingSources } from '../../../shared/domain/recording/source-allow-list.js';

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'eu-west-3', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const allow = parseRecordingSources('s3://platform-recordings, https://media.platform.example, http://127.0.0.1');

function s3Error(name: string, status: number) {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

function failure(promise: Promise<unknown>): Promise<RecordingSourceError> {
  return promise.then(
    () => {
      throw new Error('expected a RecordingSourceError');
    },
    (error: RecordingSourceError) => error,
  );
}

function response(status: number, body?: string, headers: Record<string, string> = {}) {
  return new Response(body ?? null, { status, headers });
}

beforeEach(() => s3.reset());

describe('Adapter: AllowListedRecordingSource, S3 sources', () => {
  it('streams an object of an allowed bucket, with its length', async () => {
    s3.on(GetObjectCommand, {
      Bucket: 'platform-recordings',
      Key: 'connect/acme/CallRecordings/c-1_20260110.wav',
    }).resolves({
      Body: Readable.from([Buffer.from('RIFF')]) as never,
      ContentLength: 4,
    });
    const source = new AllowListedRecordingSource(client, allow);

    const opened = await source.open('s3://platform-recordings/connect/acme/CallRecordings/c-1_20260110.wav');

    expect(opened.contentLength).toBe(4);
    expect(await text(opened.body)).toBe('RIFF');
  });

  it('never asks a bucket that is not listed, and does not retry it', async () => {
    const error = await failure(new AllowListedRecordingSource(client, allow).open('s3://someone-else/r.wav'));
    expect(error).toMatchObject({
      retryable: false,
      message: 'bucket someone-else is not an allowed recording source',
    });
    expect(s3.calls()).toHaveLength(0);
  });

  it.each([
    ['a missing object', s3Error('NoSuchKey', 404), true],
    ['a server error', s3Error('InternalError', 500), true],
    ['throttling', s3Error('SlowDown', 503), true],
    ['a refusal', s3Error('AccessDenied', 403), false],
  ])('classes %s as retryable: %s', async (_what, thrown, retryable) => {
    s3.on(GetObjectCommand).rejects(thrown);
    const error = await failure(new AllowListedRecordingSource(client, allow).open('s3://platform-recordings/r.wav'));
    expect(error).toMatchObject({ name: 'RecordingSourceError', retryable });
  });

  it('reads s3://bucket/key as written', () => {
    expect(parseS3Uri('s3://b-1/a b/c:d.wav')).toEqual({ bucket: 'b-1', key: 'a b/c:d.wav' });
    expect(parseS3Uri('s3://b-1')).toBeUndefined();
  });
});

describe('Adapter: AllowListedRecordingSource, HTTP(S) sources', () => {
  it('fetches from an allowed origin without following redirects by itself', async () => {
    const fetch = vi.fn(async () => response(200, 'RIFF....', { 'content-length': '8' }));
    const source = new AllowListedRecordingSource(client, allow, { fetch });

    const opened = await source.open('https://media.platform.example/r/c-1.wav?X-Amz-Signature=secret');

    expect(await text(opened.body)).toBe('RIFF....');
    expect(opened.contentLength).toBe(8);
    expect(fetch).toHaveBeenCalledWith(expect.any(URL), expect.objectContaining({ redirect: 'manual' }));
  });

  it('allows plain http only for a listed host, on any port of it', async () => {
    const fetch = vi.fn(async () => response(200, 'x'));
    const source = new AllowListedRecordingSource(client, allow, { fetch });

    await expect(source.open('http://127.0.0.1:54321/r.wav')).resolves.toBeDefined();
    const plain = await failure(source.open('http://media.platform.example/r.wav'));
    const other = await failure(source.open('https://evil.example/r.wav'));

    expect(plain).toMatchObject({
      retryable: false,
      message: 'http://media.platform.example is not an allowed recording source',
    });
    expect(other).toMatchObject({ retryable: false });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('follows a redirect to an allowed origin and refuses one elsewhere before contacting it', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(response(302, undefined, { location: '/moved/r.wav' }))
      .mockResolvedValueOnce(response(200, 'moved'))
      .mockResolvedValueOnce(response(307, undefined, { location: 'https://attacker.example/r.wav?token=abc' }));
    const source = new AllowListedRecordingSource(client, allow, { fetch });

    expect(await text((await source.open('https://media.platform.example/r.wav')).body)).toBe('moved');
    expect(String(fetch.mock.calls[1]?.[0])).toBe('https://media.platform.example/moved/r.wav');
    const refused = await failure(source.open('https://media.platform.example/r.wav'));

    expect(refused).toMatchObject({
      retryable: false,
      message: 'https://attacker.example is not an allowed recording source',
    });
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it.each([
    [404, true],
    [408, true],
    [429, true],
    [500, true],
    [503, true],
    [401, false],
    [403, false],
    [410, false],
  ])('classes HTTP %i as retryable: %s', async (status, retryable) => {
    const source = new AllowListedRecordingSource(client, allow, { fetch: async () => response(status, 'no') });
    const error = await failure(source.open('https://media.platform.example/r.wav?sig=secret'));
    expect(error).toMatchObject({ retryable });
    expect(error.message).toContain(`HTTP ${status}`);
  });

  it('retries an unreachable source and one that does not answer in time', async () => {
    const unreachable = new AllowListedRecordingSource(client, allow, {
      fetch: async () => {
        throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      },
    });
    const silent = new AllowListedRecordingSource(client, allow, {
      connectTimeoutMs: 20,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted')))),
    });

    expect(await failure(unreachable.open('https://media.platform.example/r.wav'))).toMatchObject({
      retryable: true,
      message: 'https://media.platform.example/r.wav is unreachable: ECONNREFUSED',
    });
    expect(await failure(silent.open('https://media.platform.example/r.wav'))).toMatchObject({
      retryable: true,
      message: expect.stringMatching(/did not answer within/),
    });
  });

  it('abandons a transfer that stalls, as a retryable failure', async () => {
    const stalled = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('RIFF'));
      },
    });
    const source = new AllowListedRecordingSource(client, allow, {
      idleTimeoutMs: 30,
      fetch: async () => new Response(stalled, { status: 200 }),
    });

    const { body } = await source.open('https://media.platform.example/r.wav');

    await expect(text(body)).rejects.toMatchObject({ name: 'RecordingSourceError', retryable: true });
  });

  it('never tells the query string of a URL (presigned credentials)', async () => {
    const messages: string[] = [];
    for (const status of [302, 403, 500]) {
      const source = new AllowListedRecordingSource(client, allow, {
        maxRedirects: 0,
        fetch: async () =>
          response(status, undefined, status === 302 ? { location: '/next?X-Amz-Credential=AKIA' } : {}),
      });
      messages.push(
        (await failure(source.open('https://media.platform.example/r.wav?X-Amz-Signature=s3cr3t'))).message,
      );
    }
    for (const message of messages) {
      expect(message).not.toMatch(/s3cr3t|AKIA|\?/);
      expect(message).toContain('https://media.platform.example/r.wav');
    }
  });
});

describe('Function: parseRecordingSources', () => {
  it('reads buckets and origins, and refuses an entry with a path', () => {
    const parsed = parseRecordingSources('s3://a-bucket,https://h.example:8443, http://127.0.0.1/');
    expect([...parsed.buckets]).toEqual(['a-bucket']);
    expect(parsed.origins).toEqual([
      { protocol: 'https:', hostname: 'h.example', port: '8443' },
      { protocol: 'http:', hostname: '127.0.0.1' },
    ]);
    expect(() => parseRecordingSources('https://h.example/recordings')).toThrow(/origin alone/);
    expect(() => parseRecordingSources('ftp://h.example')).toThrow(RangeError);
  });
});
