/** A deployment mistake (a variable missing or malformed, a secret too short): fails the init, never a request. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}
