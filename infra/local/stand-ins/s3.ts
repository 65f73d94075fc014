import { createRequire } from 'node:module';
import S3rver from 's3rver';
import { privateFolder } from './private-folder.js';

export interface LocalS3 {
  endpoint: string;
  stop(): Promise<void>;
}

interface S3rverAccount {
  accessKeys: Map<string, string>;
}
interface S3rverAccounts {
  registry: Map<string, S3rverAccount>;
  DUMMY_ACCOUNT: S3rverAccount;
}

/**
 * s3rver knows one access key (`S3RVER`) and refuses any other with `InvalidAccessKeyId`, whatever
 * `allowMismatchedSignatures` says. Like the other stand-ins, it must take any credentials (README.md, "On one
 * machine"): every unknown key resolves to its one account, with a made-up secret whose mismatching signature
 * `allowMismatchedSignatures` then lets through. Done once per process; s3rver keeps its accounts module-wide.
 */
function acceptAnyAccessKey(): void {
  const accounts = createRequire(import.meta.url)('s3rver/lib/models/account.js') as S3rverAccounts;
  const { registry, DUMMY_ACCOUNT: account } = accounts;
  if ((registry as { acceptsAny?: boolean }).acceptsAny) return;
  const known = registry.get.bind(registry);
  registry.get = (accessKeyId: string) => known(accessKeyId) ?? account;
  const keys = account.accessKeys;
  const knownKey = keys.get.bind(keys);
  keys.get = (accessKeyId: string) => knownKey(accessKeyId) ?? 'any';
  Object.assign(registry, { acceptsAny: true });
}

/**
 * s3rver, in-process, path style, any credentials. It needs Node's legacy OpenSSL provider for ListObjectsV2
 * paging, and clients must send checksums only when required; it ignores SSE-KMS, so encryption
 * is asserted in unit tests. Its data folder is the owner's only (objects may hold personal data).
 */
export async function startLocalS3(options: {
  port: number;
  host?: string;
  dataDir: string;
  buckets: string[];
}): Promise<LocalS3> {
  privateFolder(options.dataDir);
  acceptAnyAccessKey();
  const host = options.host ?? '127.0.0.1';
  const server = new S3rver({
    port: options.port,
    address: host,
    directory: options.dataDir,
    silent: true,
    allowMismatchedSignatures: true,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  await server.run();
  return { endpoint: `http://${host}:${options.port}`, stop: () => server.close() };
}
