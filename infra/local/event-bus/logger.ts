/** Where the bus reports what an operator should know (a failing target, an event for an unknown bus). */
export interface BusLogger {
  info(message: string, extra?: object): void;
  warn(message: string, extra?: object): void;
  error(message: string, extra?: object): void;
}

/** The default: the bus says nothing unless given a logger. */
export const silentLogger: BusLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
