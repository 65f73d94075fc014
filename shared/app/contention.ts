/** A change that lost every race against concurrent writers: nothing was changed, and the caller may retry. */
export class ContentionError extends Error {
  override name = 'ContentionError';
  constructor(
    what: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(`${what} lost every race against concurrent writers`);
  }
}
