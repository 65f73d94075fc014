import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { AwsServiceError, parseJsonBody, readBody, sendAwsError, sendAwsResult } from './aws-json-protocol.js';
import type { DeadLetter } from './dead-letter-store.js';
import type { BusLogger } from './logger.js';

/** What the bus counts, for `stats()` and `GET /stats`. */
export interface BusStats {
  /** Events accepted by `PutEvents` (whatever bus they named). */
  received: number;
  /** Successful deliveries to a target. */
  delivered: number;
  /** Failed attempts that were tried again. */
  retried: number;
  /** Deliveries that failed every attempt and went to the dead letters. */
  deadLettered: number;
  /** Accepted events that matched no rule (or named another bus). */
  unmatched: number;
}

/** The operations the HTTP server exposes; the server itself only speaks the protocols. */
export interface BusOperations {
  putEvents(input: unknown): unknown;
  testEventPattern(input: unknown): unknown;
  listDeadLetters(): Promise<DeadLetter[]>;
  redrive(ids?: string[]): Promise<number>;
  stats(): BusStats;
  /**
   * More AWS JSON operations served on the same `POST /`, by `X-Amz-Target` (the local SQS queues',
   * infra/local/queues/sqs-protocol.ts), so that one port stands in for both services.
   */
  otherAwsOperations?: Readonly<Record<string, (input: unknown) => unknown>>;
}

/** Large enough for 256 KB of entries once escaped inside the request's JSON. */
const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

const RedriveRequest = z.object({ ids: z.array(z.string()).optional() });

/**
 * The bus's HTTP server: the EventBridge API over AWS JSON 1.1 on `POST /` (signatures are not checked), and
 * operator routes beside it: `GET /dead-letters`, `POST /dead-letters/redrive` (`{"ids": [...]}` or nothing for
 * all), `GET /stats`. Bad input gets an error answer; nothing a client sends can stop the process.
 */
export function createBusServer(operations: BusOperations, logger: BusLogger): Server {
  const awsOperations: Record<string, (input: unknown) => unknown> = {
    ...operations.otherAwsOperations,
    'AWSEvents.PutEvents': (input) => operations.putEvents(input),
    'AWSEvents.TestEventPattern': (input) => operations.testEventPattern(input),
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://bus').pathname;
    const route = `${request.method} ${path}`;
    if (route === 'POST /') return handleAws(request, response, awsOperations, logger);
    if (route === 'GET /dead-letters')
      return sendJson(response, 200, { deadLetters: await operations.listDeadLetters() });
    if (route === 'GET /stats') return sendJson(response, 200, operations.stats());
    if (route === 'POST /dead-letters/redrive') {
      const parsed = RedriveRequest.safeParse(parseJsonBody(await readBody(request, BODY_LIMIT_BYTES)));
      if (!parsed.success)
        return sendJson(response, 400, { message: 'expected {"ids": ["<dead-letter id>", ...]} or {}' });
      return sendJson(response, 200, { redriven: await operations.redrive(parsed.data.ids) });
    }
    request.resume();
    return sendJson(response, 404, { message: `no route ${route}` });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return void response.destroy();
      if (error instanceof AwsServiceError) return sendJson(response, error.status, { message: error.message });
      logger.error('event bus request failed', { url: request.url, error: String(error) });
      sendJson(response, 500, { message: 'internal error' });
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  // Idle keep-alive connections stay open a minute, as the gateway's do: with Node's 5 s default, a producer whose
  // pooled connection is dropped just as it sends gets a reset for a request the bus never read.
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 5_000;
  return server;
}

async function handleAws(
  request: IncomingMessage,
  response: ServerResponse,
  awsOperations: Record<string, (input: unknown) => unknown>,
  logger: BusLogger,
): Promise<void> {
  try {
    const target = request.headers['x-amz-target'];
    const operation =
      typeof target === 'string' && Object.hasOwn(awsOperations, target) ? awsOperations[target] : undefined;
    const body = await readBody(request, BODY_LIMIT_BYTES);
    if (operation === undefined) {
      throw new AwsServiceError('UnknownOperationException', `Unknown operation ${JSON.stringify(target ?? null)}`);
    }
    sendAwsResult(response, await operation(parseJsonBody(body)));
  } catch (error) {
    if (error instanceof AwsServiceError) return sendAwsError(response, error);
    logger.error('event bus operation failed', { target: request.headers['x-amz-target'], error: String(error) });
    sendAwsError(response, new AwsServiceError('InternalException', 'An internal error occurred.', 500));
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  response.end(payload);
}

const KEEP_ALIVE_TIMEOUT_MS = 60_000;
