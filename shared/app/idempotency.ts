/** An `Idempotency-Key` already used for a different body: the client must pick a new key (the edge answers 422). */
export class IdempotencyKeyReusedError extends Error {
  override name = 'IdempotencyKeyReusedError';
}
