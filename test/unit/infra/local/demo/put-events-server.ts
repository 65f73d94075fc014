import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEntry {
  EventBusName?: string;
  Source: string;
  DetailType: string;
  Detail: string;
  Time?: number | string;
}

export interface PutEventsServer {
  endpoint: string;
  requests: Array<{ headers: IncomingHttpHeaders; entries: ReceivedEntry[] }>;
  /** Entries the server accepted, in the order it accepted them. */
  accepted: ReceivedEntry[];
  /** Most requests that were being answered at the same time. */
  maxInFlight(): number;
  close(): Promise<void>;
}

/**
 * A loopback HTTP server that answers like EventBridge PutEvents (AWS JSON 1.1). `failEntry` decides, per entry and
 * per request, whether to report it as failed (`InternalFailure`) instead of accepting it; `delayMs` holds each
 * answer back so that concurrent requests overlap.
 */
export async function startPutEventsServer(
  options: { failEntry?: (entry: ReceivedEntry, requestIndex: number) => boolean; delayMs?: number } = {},
): Promise<PutEventsServer> {
  const { failEntry = () => false, delayMs = 0 } = options;
  const requests: PutEventsServer['requests'] = [];
  const accepted: ReceivedEntry[] = [];
  let eventId = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((request, response) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries: ReceivedEntry[] };
      const requestIndex = requests.length;
      requests.push({ headers: request.headers, entries: body.Entries });
      const results = body.Entries.map((entry) => {
        if (failEntry(entry, requestIndex)) return { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' };
        accepted.push(entry);
        eventId += 1;
        return { EventId: `event-${eventId}` };
      });
      const failed = results.filter((r) => 'ErrorCode' in r).length;
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      inFlight -= 1;
      response.end(JSON.stringify({ FailedEntryCount: failed, Entries: results }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    accepted,
    maxInFlight: () => maxInFlight,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
