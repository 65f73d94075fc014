import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { surveilBatch } from '../../../functions/surveil-tenant/batch.js';
import type { SurveillanceMessage } from '../../../shared/app/surveillance.js';
import type { SurveillanceOutcome } from '../../../shared/app/surveillance-run.js';

const record = (messageId: string, body: unknown) =>
  ({ messageId, body: typeof body === 'string' ? body : JSON.stringify(body) }) as SQSRecord;
const message = (tenantId: string): SurveillanceMessage => ({
  tenantId,
  day: '2026-12-03',
  scheduledTime: '2026-12-03T04:00:00.000Z',
  missedDays: [],
});
const clock = { now: () => new Date('2026-12-03T04:00:05Z'), leaseMs: () => 60_000 };
const skipped: SurveillanceOutcome = { outcome: 'skipped', reason: 'already completed' };

describe('A surveillance batch', () => {
  it('reports the messages that failed (a bad body, a failed run) and acknowledges the others', async () => {
    const failed: string[] = [];
    const worker = {
      run: async (m: SurveillanceMessage) => {
        if (m.tenantId === 'down') throw new Error('the table is unavailable');
        return skipped;
      },
    };
    const answer = await surveilBatch(
      worker,
      [record('ok', message('acme')), record('bad', { tenantId: 'acme' }), record('down', message('down'))],
      clock,
      { done: () => undefined, failed: (id) => failed.push(id) },
    );
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }, { itemIdentifier: 'down' }] });
    expect(failed).toEqual(['bad', 'down']);
  });

  it('throws when every message failed, with the first reason', async () => {
    const worker = { run: async () => skipped };
    await expect(
      surveilBatch(worker, [record('bad', 'not json')], clock, { done: () => undefined, failed: () => undefined }),
    ).rejects.toThrow('every message of the batch failed (1); the first: the message body is not JSON');
  });
});
