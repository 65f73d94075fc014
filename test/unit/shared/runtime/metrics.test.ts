import { afterEach, describe, expect, it, vi } from 'vitest';

describe('Metric: dead-lettered events', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
    delete process.env.POWERTOOLS_METRICS_DISABLED;
  });

  it('writes one CloudWatch EMF datum per dead letter, by detail-type', async () => {
    // Prepare
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const { countDeadLetter, DEAD_LETTERED_EVENTS, METRICS_NAMESPACE } = await import(
      '../../../../shared/runtime/metrics.js'
    );

    // Act
    countDeadLetter('contact.completed');

    // Assess
    const emf = lines.map((l) => JSON.parse(l)).find((l) => l._aws !== undefined);
    expect(emf).toMatchObject({ DetailType: 'contact.completed', [DEAD_LETTERED_EVENTS]: 1 });
    expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Metrics: [{ Name: DEAD_LETTERED_EVENTS, Unit: 'Count' }],
    });
    expect(emf._aws.CloudWatchMetrics[0].Dimensions[0]).toContain('DetailType');
  });

  it('counts what a wrapped dead-letter sink keeps, and only once it is kept', async () => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const { countingDeadLetters } = await import('../../../../shared/runtime/metrics.js');
    const kept: unknown[] = [];
    const failing = countingDeadLetters({ put: async () => Promise.reject(new Error('table unavailable')) });
    const working = countingDeadLetters({ put: async (d) => void kept.push(d) });
    const letter = {
      id: '1',
      receivedAt: '2026-11-02T10:00:00Z',
      tenantId: 'acme-energy',
      detailType: 'Amazon Connect Contact Event',
      reason: 'unmapped',
      event: {},
    };

    await expect(failing.put(letter)).rejects.toThrow('table unavailable');
    await working.put(letter);

    expect(kept).toHaveLength(1);
    const emf = lines.map((l) => JSON.parse(l)).filter((l) => l._aws !== undefined);
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({ DetailType: 'Amazon Connect Contact Event', DeadLetteredEvents: 1 });
  });
});
