import { describe, expect, it } from 'vitest';
import { type RestartPolicy, type SupervisedRun, supervise } from '../../../../../infra/local/stand-ins/supervisor.js';

const FAST: RestartPolicy = { maxRestarts: 3, windowMs: 60_000, baseDelayMs: 5, maxDelayMs: 20 };

/** A run that dies when the test says so, like a process killed with `kill -9`. */
function fakeRun(pid: number) {
  let die: (exit: { code: number | null; signal: NodeJS.Signals | null }) => void = () => undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    die = resolve;
  });
  let stopped = false;
  const run: SupervisedRun = {
    pid,
    exited,
    stop: async () => {
      stopped = true;
      die({ code: 143, signal: null });
    },
  };
  return { run, kill: () => die({ code: null, signal: 'SIGKILL' }), isStopped: () => stopped };
}

function recordingLogger() {
  const lines: Array<{ level: 'warn' | 'error'; message: string; attributes?: object }> = [];
  return {
    lines,
    logger: {
      warn: (message: string, attributes?: object) => void lines.push({ level: 'warn', message, attributes }),
      error: (message: string, attributes?: object) => void lines.push({ level: 'error', message, attributes }),
    },
  };
}

const until = async (condition: () => boolean, timeoutMs = 2_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('supervise', () => {
  it('restarts a run that dies, and says what died and that it was restarted', async () => {
    const first = fakeRun(100);
    const second = fakeRun(101);
    const { logger, lines } = recordingLogger();
    const supervisor = supervise('DynamoDB Local', first.run, async () => second.run, logger, FAST);

    first.kill();
    await until(() => supervisor.restarts() === 1);

    expect(supervisor.pid()).toBe(101);
    expect(supervisor.state()).toBe('running');
    expect(lines).toEqual([
      {
        level: 'error',
        message: 'DynamoDB Local died; restarting it',
        attributes: { standIn: 'DynamoDB Local', pid: 100, code: null, signal: 'SIGKILL' },
      },
      {
        level: 'warn',
        message: 'DynamoDB Local restarted',
        attributes: { standIn: 'DynamoDB Local', pid: 101, restart: 1, afterMs: 5 },
      },
    ]);
    await supervisor.stop();
    expect(second.isStopped()).toBe(true);
  });

  it('gives up loudly, without spinning, when the stand-in cannot start any more', async () => {
    const first = fakeRun(100);
    const { logger, lines } = recordingLogger();
    let starts = 0;
    const supervisor = supervise(
      'DynamoDB Local',
      first.run,
      async () => {
        starts++;
        throw new Error('java: command not found');
      },
      logger,
      FAST,
    );

    first.kill();
    await until(() => supervisor.state() === 'gave-up');
    await new Promise((r) => setTimeout(r, 100));

    expect(starts).toBe(FAST.maxRestarts);
    expect(lines.at(-1)).toMatchObject({
      level: 'error',
      message: 'DynamoDB Local could not be kept running: gave up restarting it',
      attributes: { lastError: 'java: command not found', restartsInWindow: 3 },
    });
    await supervisor.stop();
  });

  it('backs off between restarts: doubling waits, capped', async () => {
    const { logger, lines } = recordingLogger();
    const runs = [fakeRun(1), fakeRun(2), fakeRun(3), fakeRun(4)];
    let next = 1;
    const supervisor = supervise('s', runs[0]!.run, async () => runs[next++]!.run, logger, {
      ...FAST,
      maxRestarts: 5,
    });
    for (let i = 0; i < 3; i++) {
      runs[i]!.kill();
      await until(() => supervisor.restarts() === i + 1);
    }
    const waits = lines
      .filter((l) => l.message === 's restarted')
      .map((l) => (l.attributes as { afterMs: number }).afterMs);
    expect(waits).toEqual([5, 10, 20]);
    await supervisor.stop();
  });

  it('does not restart what stop() stopped', async () => {
    const first = fakeRun(100);
    const { logger, lines } = recordingLogger();
    let starts = 0;
    const restart = async () => {
      starts++;
      return fakeRun(2).run;
    };
    const supervisor = supervise('s', first.run, restart, logger, FAST);

    await supervisor.stop();
    await new Promise((r) => setTimeout(r, 50));

    expect(first.isStopped()).toBe(true);
    expect(starts).toBe(0);
    expect(lines).toEqual([]);
    expect(supervisor.state()).toBe('stopped');
  });
});
