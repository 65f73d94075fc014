import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  type MathExpression,
  type Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Options of the {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /** Who is told when an alarm fires; may be empty (subscribe later, e.g. a chat or paging integration). */
  emails: readonly string[];
}

const PERIOD = Duration.minutes(5);

/**
 * The on-call channel: an encrypted SNS topic, and the alarms that publish to it. CloudWatch cannot use the
 * AWS-managed SNS key, so the topic has its own customer-managed key that only CloudWatch (of this account) and
 * SNS may use.
 */
export class AlarmTopic extends Construct {
  readonly topic: Topic;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const key = new Key(this, 'Key', {
      description: 'Encrypts the compliance alarm topic',
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Contact-centre compliance alarms',
      masterKey: key,
      enforceSSL: true,
    });
    for (const email of props.emails) this.topic.addSubscription(new EmailSubscription(email));
    this.action = new SnsAction(this.topic);
  }

  /** Alarms as soon as one message waits in the queue: every dead letter is an event nobody processed. */
  alarmOnDeadLetters(id: string, queue: IQueue, what: string): Alarm {
    return this.alarm(
      id,
      queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: Stats.MAXIMUM }),
      {
        description: `Dead letters waiting: ${what}. Inspect the messages, fix the cause, then redrive.`,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      },
    );
  }

  /**
   * Alarms as soon as one event is refused and dead-lettered by its consumer (unexpected type, invalid detail, content
   * it cannot use): unlike a failed invocation, such an event is never retried, so only someone acting on it recovers it.
   * `count` sums the refused events (over any period; the alarm looks at 5 minutes); `runbook` says where they are
   * kept and how to list them.
   */
  alarmOnRefusedEvents(id: string, count: MathExpression, runbook: string): Alarm {
    return this.alarm(id, count.with({ period: PERIOD }), {
      description: `Events were refused and dead-lettered (metric ${count}, by DetailType). ${runbook}`,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
  }

  /**
   * Alarms on any invocation error (the handler threw, timed out or ran out of memory). `whereFailuresGo` tells the
   * on-call engineer where to look besides the log (a failure queue, the API's callers, ...).
   */
  alarmOnErrors(id: string, fn: IFunction, whereFailuresGo: string): Alarm {
    return this.alarm(id, fn.metricErrors({ period: PERIOD, statistic: Stats.SUM }), {
      description: `Function ${fn.functionName} failed. See its log group; ${whereFailuresGo}.`,
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
  }

  /**
   * Alarms when a stream consumer falls behind by `maxAge`: records it has not read by the end of the stream's
   * retention are lost, whatever the retries.
   */
  alarmOnIteratorAge(id: string, fn: IFunction, maxAge: Duration, what: string): Alarm {
    return this.alarm(id, fn.metric('IteratorAge', { period: PERIOD, statistic: Stats.MAXIMUM }), {
      description:
        `${what} is more than ${maxAge.toHumanString()} behind. ` +
        "Check its errors and throttling before the stream's retention drops records.",
      threshold: maxAge.toMilliseconds(),
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
  }

  /**
   * Alarms on any 5xx answered by the HTTP API: besides function errors, this catches what never reaches a function's
   * own metrics (integration timeouts, Lambda throttling, a missing invoke permission).
   */
  alarmOnServerErrors(id: string, metric: Metric, what: string): Alarm {
    return this.alarm(id, metric.with({ period: PERIOD, statistic: Stats.SUM }), {
      description: `${what} answered 5xx. Its access log has the request ids, integration errors and statuses.`,
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
  }

  private alarm(
    id: string,
    metric: IMetric,
    props: { description: string; threshold: number; comparisonOperator: ComparisonOperator },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      alarmDescription: props.description,
      threshold: props.threshold,
      comparisonOperator: props.comparisonOperator,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    return alarm;
  }
}
