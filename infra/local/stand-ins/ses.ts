import type { Server } from 'node:http';

export interface LocalSes {
  endpoint: string;
  /** The stand-in's mail viewer. */
  viewerUrl: string;
  stop(): Promise<void>;
}

/** aws-ses-v2-local: the SES v2 API; sent mails are kept and browsable at `/`. */
export async function startLocalSes(options: { port: number; host?: string }): Promise<LocalSes> {
  const host = options.host ?? '127.0.0.1';
  const module = (await import('aws-ses-v2-local')) as unknown as {
    default: ((c: { host: string; port: number }) => Promise<Server>) & {
      default?: (c: { host: string; port: number }) => Promise<Server>;
    };
  };
  const start = module.default.default ?? module.default;
  const server = await start({ host, port: options.port });
  const endpoint = `http://${host}:${options.port}`;
  return {
    endpoint,
    viewerUrl: endpoint,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
