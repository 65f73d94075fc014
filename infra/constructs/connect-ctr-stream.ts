import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import { type IStream, Stream } from 'aws-cdk-lib/aws-kinesis';
import { Key } from 'aws-cdk-lib/aws-kms';
import { type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ConnectCtrStreamConfig } from '../config.js';
import { DeadLetterQueue } from './dead-letter-queue.js';

/**
 * How Lambda reads the stream. A batch of 100 matches what the consumer processes concurrently in one invocation.
 * The consumer reports the records that failed for a transient reason, so Lambda retries from the first of them; if
 * the whole batch fails, halving it isolates a record that keeps failing, and after the retries its shard range goes
 * to the failure queue instead of blocking the shard until the stream's retention drops it.
 */
export const CTR_STREAM_READING = {
  batchSize: 100,
  reportBatchItemFailures: true,
  bisectBatchOnError: true,
  retryAttempts: 10,
} as const;

/** What a {@link ConnectCtrStream} needs: the stream settings and the function that consumes it. */
export interface ConnectCtrStreamProps extends ConnectCtrStreamConfig {
  consumer: IFunction;
}

/**
 * The Amazon Connect contact-record (CTR) stream, imported, and the event source mapping through which Lambda polls
 * it for the consumer. Lambda invokes the consumer synchronously with each batch, so failures are handled here (the
 * mapping's retries and its on-failure queue), not by an asynchronous failure queue on the function.
 */
export class ConnectCtrStream extends Construct {
  readonly stream: IStream;
  readonly source: KinesisEventSource;
  /**
   * Batches Lambda gave up on. A message holds where they are (shard, sequence numbers), not the records, so they
   * must be read from the stream again before its retention ends.
   */
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: ConnectCtrStreamProps) {
    super(scope, id);
    const streamRegion = Arn.split(props.streamArn, ArnFormat.SLASH_RESOURCE_NAME).region;
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && streamRegion !== region) {
      throw new Error(
        `context connectCtrStreamArn is in ${streamRegion}, the stack in ${region}: Lambda reads streams of its own region only`,
      );
    }
    this.stream = Stream.fromStreamAttributes(this, 'Stream', {
      streamArn: props.streamArn,
      encryptionKey: props.keyArn === undefined ? undefined : Key.fromKeyArn(this, 'StreamKey', props.keyArn),
    });
    this.failures = new DeadLetterQueue(this, 'Failures').queue;
    this.source = new KinesisEventSource(this.stream, {
      ...CTR_STREAM_READING,
      startingPosition: StartingPosition[props.startingPosition],
      onFailure: new SqsDlq(this.failures),
    });
    props.consumer.addEventSource(this.source);
  }
}
