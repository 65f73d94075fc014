import type { Channel, ContactCompletedDetail } from '../../../../events/telephony.js';
import { seeded } from '../../../support/seeded-random.js';

const iso = (ms: number) => new Date(ms).toISOString();

export interface GeneratorOptions {
  tenantId: string;
  count: number;
  /** First and last instant contacts may be initiated (epoch ms). */
  from: number;
  to: number;
  seed?: number;
  channels?: readonly Channel[];
  centers?: readonly string[];
  queues?: readonly string[];
}

/**
 * Contacts of every outcome with waits that hit the thresholds exactly (5 s, 20 s, 24 h) as often as a real day
 * does, and waits well past them; handle times, transfers and first-contact flags where a platform would know.
 */
export function generateContacts(options: GeneratorOptions): ContactCompletedDetail[] {
  const next = seeded(options.seed ?? 18_295);
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)] as T;
  const channels = options.channels ?? ['voice', 'chat', 'email'];
  const centers = options.centers ?? ['lyon-1', 'porto-2'];
  const queues = options.queues ?? ['billing', 'outages'];
  return Array.from({ length: options.count }, (_, i) => {
    const channel = pick(channels);
    const at = Math.floor(options.from + next() * (options.to - options.from));
    const roll = next();
    const outcome = roll < 0.75 ? 'handled' : roll < 0.93 ? 'abandoned' : 'callback-requested';
    const live = channel !== 'email';
    const wait = live
      ? pick([0, 3, 5, 12, 20, 20, 21, 45, 90, 200, Math.round(next() * 600 * 1000) / 1000])
      : pick([600, 3_600, 86_400, 86_401, 100_000, Math.round(next() * 200_000)]);
    const queued = at + (next() < 0.5 ? 0 : 2_000);
    const answered = queued + wait * 1000;
    const ended = outcome === 'handled' ? answered + 240_000 : queued + wait * 1000;
    const fcr = next();
    return {
      schemaVersion: 1,
      tenantId: options.tenantId,
      centerId: pick(centers),
      contactId: `c-${String(i).padStart(6, '0')}`,
      channel,
      direction: next() < 0.03 ? 'outbound' : 'inbound',
      queue: pick(queues),
      initiatedAt: iso(at),
      queuedAt: iso(queued),
      ...(outcome === 'handled' ? { answeredAt: iso(answered) } : {}),
      endedAt: iso(ended),
      occurredAt: iso(ended),
      outcome,
      ...(outcome === 'handled' && next() < 0.9
        ? { talkSeconds: Math.round(next() * 600), holdSeconds: Math.round(next() * 60), afterContactWorkSeconds: 30 }
        : {}),
      ...(next() < 0.2 ? { transferred: true } : {}),
      ...(fcr < 0.6 ? { resolvedOnFirstContact: fcr < 0.45 } : {}),
    } satisfies ContactCompletedDetail;
  });
}

/** Runs `task` over `items` with at most `width` at a time. */
export async function inParallel<T>(items: readonly T[], width: number, task: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await task(items[next++] as T);
    }),
  );
}
