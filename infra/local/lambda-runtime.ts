import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { type FunctionDefinition, handlerEntry } from '../../functions/catalog.js';
import { createLambdaContext } from './lambda-context.js';

// biome-ignore lint/suspicious/noExplicitAny: a Lambda handler takes whatever its trigger sends
export type LambdaHandler = (event: any, context: Context) => Promise<unknown>;

/** A Lambda-like context for an in-process invocation, with the function's configured timeout and memory. */
export function lambdaContext(fn: Pick<FunctionDefinition, 'name' | 'memoryMb' | 'timeoutSeconds'>): Context {
  return createLambdaContext({
    functionName: fn.name,
    region: 'local',
    accountId: '000000000000',
    deadline: Date.now() + (fn.timeoutSeconds ?? 30) * 1000,
    memoryLimitInMB: fn.memoryMb ?? 512,
  });
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
