/**
 * An event that is well-formed but can never be processed (an unmapped vendor contact, a reference to nothing):
 * retrying cannot help, so it is dead-lettered with this message instead of being retried.
 */
export class UnprocessableEventError extends Error {
  override name = 'UnprocessableEventError';
}
