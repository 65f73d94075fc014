/**
 * An event that is well-formed but can never be processed (an unmapped vendor contact, a reference to nothing):
 * retrying cannot help, so it is dead-lettered with this message instead of being retried.
 */
export class UnprocessableEventError extends Error {
  override name = 'UnprocessableEventError';
}

/**
 * Why the store refuses a write whatever the number of attempts (an item over 400 KB, a number beyond DynamoDB's
 * range, too deep a nesting), or `undefined` for an error that a retry may cure (throttling, a network failure,
 * a conflicting transaction). DynamoDB says so with a `ValidationException`, or inside a transaction with a
 * `ValidationError` cancellation reason.
 */
export function permanentStoreRefusal(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name === 'ValidationException') return `the store refused the event: ${oneLine(error.message)}`;
  if (error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string; Message?: string }> }).CancellationReasons;
  const invalid = reasons?.find((reason) => reason.Code === 'ValidationError');
  return invalid === undefined
    ? undefined
    : `the store refused the event: ${oneLine(invalid.Message ?? 'invalid item')}`;
}

/** DynamoDB's messages name limits and attributes, not values; they are still kept short and on one line. */
function oneLine(message: string): string {
  const text = message.replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
