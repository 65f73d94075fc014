/** One run of a supervised stand-in: it resolves `exited` when it dies, whatever the reason. */
export interface SupervisedRun {
  pid?: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** How often a dying stand-in is restarted before the supervisor gives up. */
export interface RestartPolicy {
  /** Restarts allowed within `windowMs`; one more death in that window and the supervisor gives up. */
  maxRestarts: number;
  windowMs: number;
  /** Wait before the first restart of a window, doubled for each further one, capped at `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Five restarts a minute, the first after 250 ms: DynamoDB Local needs about 2 s to be ready. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  maxRestarts: 5,
  windowMs: 60_000,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
};

/** Where the supervisor tells the operator what died and what it did about it. */
export interface SupervisorLogger {
  warn(message: string, attributes?: object): void;
  error(message: string, attributes?: object): void;
}

export type SupervisorState = 'running' | 'restarting' | 'gave-up' | 'stopped';

export interface Supervisor {
  state(): SupervisorState;
  /** Restarts done so far. */
  restarts(): number;
  pid(): number | undefined;
  /** Stops the stand-in and any restart under way; nothing is restarted afterwards. */
  stop(): Promise<void>;
}

/**
 * Keeps a stand-in running: when a run dies without `stop()` having been called, logs what died and starts a new
 * run (the caller's `start` reuses the same port and data folder, so clients reconnect and data survives). A run
 * that fails to start counts as a restart too, so a stand-in that cannot start at all (no Java, port taken) is
 * tried `maxRestarts` times with backoff and then given up on, loudly, instead of spinning.
 *
 * The restart loop is hand-written rather than p-retry: it is not the retry of one failing call but a loop over a
 * process's deaths, its budget is a sliding window (restarts within `windowMs`, so a stand-in that ran for an hour
 * gets its full budget back) and its wait must end at once when `stop()` is called.
 */
export function supervise(
  name: string,
  first: SupervisedRun,
  start: () => Promise<SupervisedRun>,
  logger: SupervisorLogger,
  policy: RestartPolicy = DEFAULT_RESTART_POLICY,
): Supervisor {
  let current: SupervisedRun | undefined = first;
  let state: SupervisorState = 'running';
  let restarts = 0;
  let wake: (() => void) | undefined;
  const recent: number[] = [];
  // A function, not an inline test: `state` changes behind every await, which narrowing cannot see.
  const stopped = () => state === 'stopped';

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = async (): Promise<void> => {
    let lastError = '';
    for (;;) {
      if (current !== undefined) {
        const exit = await current.exited;
        if (stopped()) return;
        logger.error(`${name} died; restarting it`, { standIn: name, pid: current.pid, ...exit });
        current = undefined;
      }
      const now = Date.now();
      while (recent.length > 0 && now - (recent[0] ?? 0) > policy.windowMs) recent.shift();
      if (recent.length >= policy.maxRestarts) {
        state = 'gave-up';
        logger.error(`${name} could not be kept running: gave up restarting it`, {
          standIn: name,
          restartsInWindow: recent.length,
          windowMs: policy.windowMs,
          lastError,
          action: 'fix the cause, then stop and start the system again (data is kept)',
        });
        return;
      }
      recent.push(now);
      state = 'restarting';
      const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (recent.length - 1));
      await pause(delayMs);
      if (stopped()) return;
      try {
        const run = await start();
        restarts++;
        if (stopped()) {
          await run.stop();
          return;
        }
        current = run;
        state = 'running';
        logger.warn(`${name} restarted`, { standIn: name, pid: run.pid, restart: restarts, afterMs: delayMs });
      } catch (error) {
        lastError = (error as Error).message;
        logger.error(`${name} failed to restart`, { standIn: name, attempt: recent.length, error: lastError });
      }
    }
  };
  const running = loop().catch((error: unknown) => {
    state = 'gave-up';
    logger.error(`${name} supervisor failed`, { standIn: name, error: String(error) });
  });

  return {
    state: () => state,
    restarts: () => restarts,
    pid: () => current?.pid,
    stop: async () => {
      if (state === 'stopped') return;
      state = 'stopped';
      wake?.();
      await current?.stop();
      await running;
    },
  };
}
