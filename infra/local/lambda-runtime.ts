import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { type FunctionDefinition, handlerEntry } from '../../functions/catalog.js';

// biome-ignore lint/suspicious/noExplicitAny: a Lambda handler takes whatever its trigger sends
export type LambdaHandler = (event: any, context: Context) => Promise<unknown>;

/** A Lambda-like context for an in-process invocation, with the function's configured timeout. */
export function lambdaContext(fn: Pick<FunctionDefinition, 'name' | 'memoryMb' | 'timeoutSeconds'>): Context {
  const deadline = Date.now() + (fn.timeoutSeconds ?? 30) * 1000;
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: fn.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${fn.name}`,
    memoryLimitInMB: String(fn.memoryMb ?? 512),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${fn.name}`,
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Loads `functions/<name>/handler.ts` (the same module the CDK bundles) and returns its `handler`. */
export async function loadHandler(root: string, name: string): Promise<LambdaHandler> {
  const module = (await import(pathToFileURL(`${root}/${handlerEntry(name)}`).href)) as { handler?: LambdaHandler };
  if (typeof module.handler !== 'function') throw new TypeError(`functions/${name}/handler.ts exports no handler`);
  return module.handler;
}

/** Invokes a handler in-process the way Lambda would, with a fresh context per invocation. */
export function invoker(fn: FunctionDefinition, handler: LambdaHandler) {
  return (event: unknown) => handler(event, lambdaContext(fn));
}
