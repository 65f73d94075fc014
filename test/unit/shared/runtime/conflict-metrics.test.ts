import { afterEach, describe, expect, it, vi } from 'vitest';

describe('Metric: conflicting duplicates', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
    delete process.env.POWERTOOLS_METRICS_DISABLED;
  });

  it('writes one CloudWatch EMF datum per conflicting duplicate, by detail-type', async () => {
    // Prepare
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const { countConflictingDuplicate, CONFLICTING_DUPLICATES, METRICS_NAMESPACE } = await import(
      '../../../../shared/runtime/metrics.js'
    );

    // Act
    countConflictingDuplicate('contact.completed');

    // Assess
    const emf = lines.map((l) => JSON.parse(l)).find((l) => l._aws !== undefined);
    expect(emf).toMatchObject({ DetailType: 'contact.completed', [CONFLICTING_DUPLICATES]: 1 });
    expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Metrics: [{ Name: CONFLICTING_DUPLICATES, Unit: 'Count' }],
    });
  });
});
