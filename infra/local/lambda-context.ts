import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** What the Lambda context says about the function being called. */
export interface LambdaContextInput {
  readonly functionName: string;
  readonly region: string;
  readonly accountId: string;
  /** Epoch milliseconds after which the invocation counts as timed out. */
  readonly deadline: number;
  readonly memoryLimitInMB?: number;
}

/** A callback-style context method was called; handlers here return promises instead. */
export class UnsupportedContextMethodError extends Error {
  override readonly name = 'UnsupportedContextMethodError';
}

/**
 * A Lambda-like `Context` for an in-process call (an HTTP route, an event rule's or a schedule's target): a fresh
 * `awsRequestId`, the function's ARN, log group and stream named as Lambda names them, and
 * `getRemainingTimeInMillis` counting down to the deadline.
 */
export function createLambdaContext(input: LambdaContextInput): Context {
  const unsupported = (method: string) => () => {
    throw new UnsupportedContextMethodError(`context.${method}() is not supported locally: return a promise`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: input.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${input.region}:${input.accountId}:function:${input.functionName}`,
    memoryLimitInMB: String(input.memoryLimitInMB ?? 1024),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${input.functionName}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, input.deadline - Date.now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
}
