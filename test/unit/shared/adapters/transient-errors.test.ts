import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { isTransientDependencyError } from '../../../../shared/adapters/transient-errors.js';

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('Adapter: transient dependency errors', () => {
  it('retries throttling, server faults, conflicts and unreachable endpoints', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
    expect(isTransientDependencyError(refused)).toBe(true);
    expect(isTransientDependencyError(new TypeError('fetch failed', { cause: refused }))).toBe(true);
    expect(isTransientDependencyError(Object.assign(new Error('x'), { name: 'ThrottlingException' }))).toBe(true);
    expect(isTransientDependencyError(Object.assign(new Error('x'), { $metadata: { httpStatusCode: 503 } }))).toBe(
      true,
    );
    expect(isTransientDependencyError(cancelled('None', 'TransactionConflict'))).toBe(true);
  });

  it('does not retry what a retry cannot fix', () => {
    expect(isTransientDependencyError(cancelled('ConditionalCheckFailed', 'None'))).toBe(false);
    expect(
      isTransientDependencyError(
        new ConditionalCheckFailedException({ message: 'no', $metadata: { httpStatusCode: 400 } }),
      ),
    ).toBe(false);
    expect(isTransientDependencyError(Object.assign(new Error('x'), { name: 'ValidationException' }))).toBe(false);
    expect(isTransientDependencyError(new RangeError('bad tenant'))).toBe(false);
    expect(isTransientDependencyError(undefined)).toBe(false);
  });
});
