import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DeadLetterSink } from '../app/dead-letters.js';

/** CloudWatch namespace of the product's own metrics (Embedded Metric Format, written with the logs). */
export const METRICS_NAMESPACE = 'CccCompliance';

/** The metric an alarm watches: events that could not be used and were dead-lettered. */
export const DEAD_LETTERED_EVENTS = 'DeadLetteredEvents';

const metrics = new Metrics({
  namespace: METRICS_NAMESPACE,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'ccc-compliance',
});

/**
 * Counts one dead-lettered event, by detail-type, as a CloudWatch metric (no API call: EMF on stdout). Disabled on
 * one machine with `POWERTOOLS_METRICS_DISABLED=true`, where the operator lists dead letters instead.
 */
export function countDeadLetter(detailType: string | undefined): void {
  const metric = metrics.singleMetric();
  metric.addDimension('DetailType', detailType ?? 'unknown');
  metric.addMetric(DEAD_LETTERED_EVENTS, MetricUnit.Count, 1);
}

/** A dead-letter sink that also counts what it keeps, so every path that refuses an event is alarmed on alike. */
export function countingDeadLetters(sink: DeadLetterSink): DeadLetterSink {
  return {
    put: async (deadLetter) => {
      await sink.put(deadLetter);
      countDeadLetter(deadLetter.detailType);
    },
  };
}

/** The metric of redelivered contacts that differ from the stored one (kept as conflicts, never applied). */
export const CONFLICTING_DUPLICATES = 'ConflictingDuplicates';

/** Counts one conflicting duplicate, by detail-type, like a dead letter (EMF on stdout, no API call). */
export function countConflictingDuplicate(detailType: string): void {
  const metric = metrics.singleMetric();
  metric.addDimension('DetailType', detailType);
  metric.addMetric(CONFLICTING_DUPLICATES, MetricUnit.Count, 1);
}
