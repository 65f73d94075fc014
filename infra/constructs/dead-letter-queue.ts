import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { operationsKey } from './operations-key.js';

/** The longest SQS keeps a message: the on-call engineer has two weeks to inspect and redrive. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * An SQS queue that catches what could not be delivered or processed (the dead letters of an EventBridge rule or
 * Scheduler target, a function's failed asynchronous invocations, a stream mapping's abandoned batches). Encrypted at
 * rest with the stack's customer-managed {@link operationsKey} (the messages are whole events, customer references
 * included), TLS only, kept as long as SQS allows.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: operationsKey(this),
      // SQS reuses a data key for five minutes instead of calling KMS for every message.
      dataKeyReuse: Duration.minutes(5),
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue (an EventBridge rule or Scheduler target DLQ, or a Lambda on-failure ' +
        'destination of asynchronous invocations or of a stream mapping, which cdk-nag does not recognise as DLQ ' +
        'use); its depth is alarmed instead of redriven to another queue.',
    });
  }
}
