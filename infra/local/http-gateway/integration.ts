import type { IncomingMessage } from 'node:http';
import { createLambdaContext } from '../lambda-context.js';
import { fromIntegrationResult, gatewayMessage } from './integration-response.js';
import { buildRequestEvent } from './request-event.js';
import { functionNameForRoute, type RouteMatch } from './route-table.js';
import type { GatewayLogger, GatewayResponse } from './types.js';

/** The handler did not answer within the integration timeout. */
export class IntegrationTimeoutError extends Error {
  override readonly name = 'IntegrationTimeoutError';
}

/** Fixed for the gateway's lifetime. */
export interface IntegrationSettings {
  readonly accountId: string;
  readonly apiId: string;
  readonly region: string;
  readonly timeoutMs: number;
  readonly logger: GatewayLogger;
}

/** One authorised request on its way to the handler. */
export interface IntegrationCall {
  readonly request: IncomingMessage;
  /** Path and query as received. */
  readonly target: string;
  readonly body: Buffer;
  readonly match: RouteMatch;
  readonly claims: Record<string, unknown> | undefined;
  readonly requestId: string;
  readonly receivedAt: Date;
}

/**
 * Calls the route's handler the way Lambda would be called: with the 2.0 event and a Lambda-like context,
 * bounded by the integration timeout. A throw, a timeout or an unusable result becomes API Gateway's generic
 * 500 or 503; the cause is logged for the developer and never sent to the caller.
 */
export async function invokeIntegration(
  call: IntegrationCall,
  settings: IntegrationSettings,
): Promise<GatewayResponse> {
  const { request, match, requestId } = call;
  const { routeKey } = match.compiled;
  const event = buildRequestEvent(
    {
      method: request.method ?? 'GET',
      url: call.target,
      rawHeaders: request.rawHeaders,
      httpVersion: request.httpVersion,
      sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      localPort: request.socket.localPort ?? 0,
      body: call.body,
    },
    { routeKey, pathParameters: match.pathParameters, ...(call.claims === undefined ? {} : { claims: call.claims }) },
    { requestId, accountId: settings.accountId, apiId: settings.apiId, receivedAt: call.receivedAt },
  );
  const functionName = match.compiled.route.functionName ?? functionNameForRoute(routeKey);
  const context = createLambdaContext({
    functionName,
    region: settings.region,
    accountId: settings.accountId,
    deadline: Date.now() + settings.timeoutMs,
  });

  try {
    const invocation = Promise.resolve().then(() => match.compiled.route.invoke(event, context));
    return fromIntegrationResult(await withTimeout(invocation, settings.timeoutMs));
  } catch (error) {
    if (error instanceof IntegrationTimeoutError) {
      settings.logger.error('integration timed out', {
        requestId,
        routeKey,
        functionName,
        timeoutMs: settings.timeoutMs,
      });
      return gatewayMessage(503, 'Service Unavailable');
    }
    const awsRequestId = context.awsRequestId;
    settings.logger.error('integration failed', { requestId, routeKey, functionName, awsRequestId, error });
    return gatewayMessage(500, 'Internal Server Error');
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new IntegrationTimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
