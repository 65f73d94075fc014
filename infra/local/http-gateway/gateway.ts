import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { authorizeRequest } from './authorizer.js';
import { CorsPolicy } from './cors.js';
import { type IntegrationSettings, invokeIntegration } from './integration.js';
import { gatewayMessage } from './integration-response.js';
import { DEFAULT_MAX_BODY_BYTES, PayloadTooLargeError, readRequestBody } from './request-body.js';
import { newRequestId } from './request-event.js';
import { stderrLogger, writeResponse } from './response-writer.js';
import { type CompiledRoute, compileRoutes, matchRoute } from './route-table.js';
import type { GatewayResponse, HttpGateway, HttpGatewayOptions } from './types.js';

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_INTEGRATION_TIMEOUT_MS = 30_000;
const CLOSE_GRACE_MS = 2_000;

/** Everything a request needs, resolved once at start-up. */
interface GatewaySettings extends IntegrationSettings {
  readonly table: readonly CompiledRoute[];
  readonly cors: CorsPolicy | undefined;
  readonly maxBodyBytes: number;
  readonly verifyToken: HttpGatewayOptions['verifyToken'];
  readonly siteHandler: HttpGatewayOptions['siteHandler'];
}

/** What to send and how, with the route key for the access log. */
interface Outcome {
  readonly response: GatewayResponse;
  readonly routeKey?: string;
  readonly closeConnection?: boolean;
}

/** One request as the gateway sees it before routing. */
interface RequestInfo {
  readonly request: IncomingMessage;
  /** Path and query as received. */
  readonly target: string;
  readonly rawPath: string;
  readonly method: string;
  readonly requestId: string;
  readonly receivedAt: Date;
}

/**
 * Starts the local stand-in for API Gateway HTTP API (payload format 2.0) with its JWT authorizer, in front of
 * in-process Lambda handlers. Resolves once the port is bound. Per request it writes one access-log line
 * (method, path, status, latency, request id; never a token or a body). Nothing a client sends or a handler
 * does can stop the process: every failure becomes the response API Gateway would give.
 * @throws {RouteConfigurationError} when a route is one API Gateway would refuse.
 */
export async function startHttpGateway(options: HttpGatewayOptions): Promise<HttpGateway> {
  const logger = options.logger ?? stderrLogger;
  const settings: GatewaySettings = {
    table: compileRoutes(options.routes),
    cors:
      options.corsOrigins !== undefined && options.corsOrigins.length > 0
        ? new CorsPolicy(options.corsOrigins)
        : undefined,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    verifyToken: options.verifyToken,
    siteHandler: options.siteHandler,
    accountId: options.accountId ?? '000000000000',
    apiId: options.apiId ?? 'local',
    region: options.region ?? 'us-east-1',
    timeoutMs: options.integrationTimeoutMs ?? DEFAULT_INTEGRATION_TIMEOUT_MS,
    logger,
  };
  const server = createServer((request, response) => {
    handleRequest(request, response, settings).catch((error: unknown) => {
      logger.error('gateway failed to answer', { error });
      if (!response.headersSent) response.destroy();
    });
  });
  // Idle keep-alive connections stay open a minute, as behind API Gateway: with Node's 5 s default a client that
  // reuses a connection just as the server drops it gets "other side closed" for a request that was never read.
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 5_000;
  server.on('clientError', (error, socket) => {
    logger.warn('malformed HTTP request', { error: error.message });
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  const host = options.host ?? DEFAULT_HOST;
  await listen(server, options.port, host);
  server.on('error', (error) => logger.error('HTTP gateway server error', { error }));
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${urlHost}:${port}`, port, close: () => closeServer(server) };
}

async function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  settings: GatewaySettings,
): Promise<void> {
  const started = performance.now();
  const method = request.method ?? 'GET';
  const target = requestTarget(request.url);
  const info: RequestInfo = {
    request,
    target,
    rawPath: target.split('?')[0] ?? '/',
    method,
    requestId: newRequestId(),
    receivedAt: new Date(),
  };
  const { logger } = settings;
  let routeKey: string | undefined;
  response.on('error', (error) =>
    logger.warn('could not write response', { requestId: info.requestId, error: error.message }),
  );
  response.once('close', () => {
    logger.info('http request', {
      requestId: info.requestId,
      method,
      path: info.rawPath,
      routeKey,
      status: response.statusCode,
      latencyMs: Math.round(performance.now() - started),
    });
  });

  let outcome: Outcome;
  try {
    outcome = await answer(info, settings);
  } catch (error) {
    logger.error('gateway failure', { requestId: info.requestId, error });
    outcome = { response: gatewayMessage(500, 'Internal Server Error') };
  }
  routeKey = outcome.routeKey;
  writeResponse(response, outcome.response, {
    requestId: info.requestId,
    method,
    closeConnection: outcome.closeConnection === true,
    logger,
  });
}

/** The API Gateway pipeline: CORS preflight, route, payload limit, authorizer, integration, CORS headers. */
async function answer(info: RequestInfo, settings: GatewaySettings): Promise<Outcome> {
  const { request, method, requestId } = info;
  const origin = headerValue(request.headers.origin);
  const { cors } = settings;
  if (cors?.isPreflight(method, request.headers)) {
    return { response: cors.preflight(origin, headerValue(request.headers['access-control-request-headers'])) };
  }

  const match = matchRoute(settings.table, method, info.rawPath);
  if (match === undefined) {
    const site = await answerSite(info, settings);
    if (site !== undefined) return site;
    return { response: gatewayMessage(404, 'Not Found') };
  }
  const { routeKey } = match.compiled;

  let body: Buffer;
  try {
    body = await readRequestBody(request, settings.maxBodyBytes);
  } catch (error) {
    if (!(error instanceof PayloadTooLargeError)) throw error;
    return { response: gatewayMessage(413, 'Request Entity Too Large'), routeKey, closeConnection: true };
  }

  let claims: Record<string, unknown> | undefined;
  if (match.compiled.route.authorization === 'jwt') {
    const outcome = await authorizeRequest(headerValue(request.headers.authorization), settings.verifyToken);
    if (!outcome.allowed) {
      settings.logger.info('request refused by the JWT authorizer', { requestId, routeKey, reason: outcome.reason });
      return { response: outcome.response, routeKey };
    }
    claims = outcome.claims;
  }

  const response = await invokeIntegration(
    { request, target: info.target, body, match, claims, requestId, receivedAt: info.receivedAt },
    settings,
  );
  return { response: cors === undefined ? response : cors.apply(response, origin), routeKey };
}

/** Hands a request no route matches to the site handler (the dashboard), reading a POST's body first. */
async function answerSite(info: RequestInfo, settings: GatewaySettings): Promise<Outcome | undefined> {
  const { request, method } = info;
  if (settings.siteHandler === undefined) {
    request.resume();
    return undefined;
  }
  let body: Buffer = Buffer.alloc(0);
  if (method === 'POST') {
    try {
      body = await readRequestBody(request, Math.min(settings.maxBodyBytes, 64 * 1024));
    } catch (error) {
      if (!(error instanceof PayloadTooLargeError)) throw error;
      return { response: gatewayMessage(413, 'Request Entity Too Large'), closeConnection: true };
    }
  } else {
    request.resume();
  }
  const response = await settings.siteHandler({ method, target: info.target, headers: request.headers, body });
  return response === undefined ? undefined : { response };
}

/** `req.url` is normally origin-form (`/a?b`); a proxy may send absolute-form (`http://h/a?b`). */
function requestTarget(url: string | undefined): string {
  if (url === undefined || url === '') return '/';
  if (url.startsWith('/')) return url;
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return '/';
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

const KEEP_ALIVE_TIMEOUT_MS = 60_000;

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeIdleConnections();
    // In-flight requests get a moment to finish, then their connections go too, so close() always resolves.
    setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
  });
}
