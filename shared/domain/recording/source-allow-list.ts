/**
 * Where recordings may be fetched from (`RECORDING_SOURCES`): a comma-separated list of `s3://<bucket>` and
 * `https://<host>` entries, and `http://<host>` entries for plain HTTP (loopback on one machine). An entry without a
 * port allows every port of its host (`http://127.0.0.1` is any local server), one with a port only that port. A
 * source not listed is never contacted, and neither is a redirect to one.
 */

export interface AllowedOrigin {
  protocol: 'https:' | 'http:';
  hostname: string;
  port?: string;
}

export interface RecordingSourceAllowList {
  buckets: ReadonlySet<string>;
  origins: readonly AllowedOrigin[];
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parses the list; throws a RangeError naming the first entry that is not an allowed source. */
export function parseRecordingSources(list: string): RecordingSourceAllowList {
  const buckets = new Set<string>();
  const origins: AllowedOrigin[] = [];
  for (const raw of list.split(',')) {
    const entry = raw.trim().replace(/\/+$/, '');
    if (entry === '') continue;
    if (entry.startsWith('s3://')) {
      const bucket = entry.slice('s3://'.length);
      if (!BUCKET.test(bucket)) throw new RangeError(`"${entry}" is not s3://<bucket>`);
      buckets.add(bucket);
      continue;
    }
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new RangeError(`"${entry}" is neither s3://<bucket> nor an http(s) origin`);
    }
    if (
      (url.protocol !== 'https:' && url.protocol !== 'http:') ||
      url.origin === 'null' ||
      url.href !== `${url.origin}/`
    )
      throw new RangeError(`"${entry}" must be an origin alone (scheme and host, no path or credentials)`);
    origins.push({
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port === '' && !/:\d+$/.test(entry)
        ? {}
        : { port: url.port === '' ? defaultPort(url.protocol) : url.port }),
    });
  }
  return { buckets, origins };
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

/** Whether a URL's scheme, host and port are listed. */
export function isAllowedUrl(allow: RecordingSourceAllowList, url: URL): boolean {
  const port = url.port === '' ? defaultPort(url.protocol) : url.port;
  return allow.origins.some(
    (o) => o.protocol === url.protocol && o.hostname === url.hostname && (o.port === undefined || o.port === port),
  );
}

export function isAllowedBucket(allow: RecordingSourceAllowList, bucket: string): boolean {
  return allow.buckets.has(bucket);
}

/** A URL as it may be logged or told: scheme, host, port and path; never the query (presigned credentials) or userinfo. */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
