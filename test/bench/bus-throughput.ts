import { performance } from 'node:perf_hooks';
import { sendToBus } from '../../infra/local/demo/send.js';
import { simulateMonth } from '../../infra/local/demo/simulator.js';
import type { LocalSystem } from '../../infra/local/system.js';

/**
 * Events per second from PutEvents on the local bus to stored contacts and aggregates: a simulated month at the
 * given scale, sent as a producer would, timed until the bus has delivered everything.
 */
export async function benchBusThroughput(system: LocalSystem, scale: number) {
  const contacts = simulateMonth({ month: '2026-10', seed: 'bench', scale });
  const started = performance.now();
  const { sent, failed } = await sendToBus({
    endpoint: system.urls.events,
    busName: system.options.busName,
    events: contacts,
    concurrency: 4,
  });
  await system.bus.idle();
  const seconds = (performance.now() - started) / 1000;
  const stats = system.bus.stats();
  return {
    contacts: sent,
    failed,
    deadLettered: stats.deadLettered,
    seconds: round(seconds),
    eventsPerSecond: round(sent / seconds),
  };
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
