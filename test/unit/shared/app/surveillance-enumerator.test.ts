import { describe, expect, it } from 'vitest';
import type { SurveillanceMessage, SurveillanceStore } from '../../../../shared/app/surveillance.js';
import { EnumerateSurveillance } from '../../../../shared/app/surveillance-enumerator.js';
import type { AgreementVersion } from '../../../../shared/domain/agreement/agreement-schema.js';

const version = (timeZone: string) =>
  ({ effectiveFrom: '2026-01-01', timeZone: { value: timeZone, origin: 'contract' } }) as unknown as AgreementVersion;

describe('The surveillance enumerator', () => {
  it('sends one message per tenant whose day is not done, with its missed days; a tenant whose pointer cannot be read is counted', async () => {
    const zones: Record<string, string> = { paris: 'Europe/Paris', ny: 'America/New_York', done: 'Europe/Paris' };
    const last: Record<string, string> = { paris: '2026-11-30', done: '2026-12-03' };
    const sent: SurveillanceMessage[] = [];
    const failures: string[] = [];
    const enumerator = new EnumerateSurveillance({
      tenants: {
        heads: async function* () {
          for (const tenantId of ['paris', 'ny', 'done', 'unreadable']) yield { tenantId };
        },
      },
      agreements: { versions: async (tenantId) => [version(zones[tenantId] ?? 'Europe/Paris')] },
      store: {
        lastCompletedDay: async (tenantId: string) => {
          if (tenantId === 'unreadable') throw new Error('throttled');
          return last[tenantId];
        },
      } as SurveillanceStore,
      queue: {
        send: async (messages) => {
          sent.push(...messages);
          return { failed: messages.filter((m) => m.tenantId === 'ny') };
        },
      },
      onTenantFailure: (tenantId) => failures.push(tenantId),
    });
    const report = await enumerator.run(new Date('2026-12-03T04:00:00.000Z'));
    expect(sent).toEqual([
      {
        tenantId: 'paris',
        day: '2026-12-03',
        scheduledTime: '2026-12-03T04:00:00.000Z',
        missedDays: ['2026-12-01', '2026-12-02'],
      },
      { tenantId: 'ny', day: '2026-12-02', scheduledTime: '2026-12-03T04:00:00.000Z', missedDays: [] },
    ]);
    expect(report).toEqual({ tenants: 4, enqueued: 1, done: 1, failed: 1, notSent: [sent[1]] });
    expect(failures).toEqual(['unreadable']);
  });
});
