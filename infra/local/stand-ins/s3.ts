import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';

export interface LocalS3 {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * s3rver, in-process, path style. It needs Node's legacy OpenSSL provider for ListObjectsV2 paging, and clients must
 * send checksums only when required (STAND-INS.md §3); it ignores SSE-KMS, so encryption is asserted in unit tests.
 */
export async function startLocalS3(options: {
  port: number;
  host?: string;
  dataDir: string;
  buckets: string[];
}): Promise<LocalS3> {
  mkdirSync(options.dataDir, { recursive: true });
  const host = options.host ?? '127.0.0.1';
  const server = new S3rver({
    port: options.port,
    address: host,
    directory: options.dataDir,
    silent: true,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  await server.run();
  return { endpoint: `http://${host}:${options.port}`, stop: () => server.close() };
}
