/**
 * The daily surveillance's queue (infra/stacks/stateless-stack.ts `addSurveillanceQueue`): encrypted with the
 * operations key and TLS only, visibility six times the consumer's timeout, a dead-letter queue after three
 * receives (alarmed), the consumer's SQS mapping reporting batch item failures, and the enumerator allowed to send
 * to that queue only. One synthesis, with cdk-nag on: it throws on any unacknowledged finding.
 */
import type { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionCatalog } from '../../functions/catalog.js';
import {
  invocationOf,
  type StatelessStack,
  SURVEILLANCE_CONSUMER,
  SURVEILLANCE_ENUMERATOR,
  SURVEILLANCE_MAPPING,
} from '../../infra/stacks/stateless-stack.js';
import { ENCRYPTED_WITH_OPERATIONS_KEY, SYNTH_TIMEOUT_MS, testApp } from './support/app.js';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

describe('Surveillance queue', () => {
  let stateless: StatelessStack;
  let template: Template;
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stateless.getLogicalId(construct.node.defaultChild as CfnResource);
  const policyOf = (fn: string): Statement[] => {
    const role = logicalId(stateless.functions.get(fn)?.function.role as never);
    return Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(JSON.stringify({ Ref: role })))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
  };

  beforeAll(() => {
    const { app, stateless: stack } = testApp({ checks: true });
    stateless = stack;
    app.synth();
    template = Template.fromStack(stack);
  }, SYNTH_TIMEOUT_MS);

  it('is encrypted, TLS only, invisible six consumer timeouts, and dead-letters after three receives', () => {
    const queueId = logicalId(stateless.surveillanceQueue);
    const queue = template.toJSON().Resources[queueId];
    const timeout = functionCatalog.find((f) => f.name === SURVEILLANCE_CONSUMER)?.timeoutSeconds as number;
    expect(queue.Properties).toMatchObject({
      ...ENCRYPTED_WITH_OPERATIONS_KEY,
      VisibilityTimeout: 6 * timeout,
      RedrivePolicy: { maxReceiveCount: 3, deadLetterTargetArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
    });
    const dlq = queue.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0];
    expect(template.toJSON().Resources[dlq].Properties).toMatchObject(ENCRYPTED_WITH_OPERATIONS_KEY);
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    const tlsOnly = policies.find((p) => JSON.stringify(p.Properties.Queues).includes(queueId));
    expect(JSON.stringify(tlsOnly?.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    // The dead-letter queue's depth is alarmed.
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.some((a) => JSON.stringify(a.Properties.Dimensions ?? []).includes(dlq))).toBe(true);
  });

  it('invokes the consumer through a mapping that reports batch item failures', () => {
    expect(invocationOf(SURVEILLANCE_CONSUMER)).toBe('queue');
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(stateless.functions.get(SURVEILLANCE_CONSUMER)?.function as never) },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stateless.surveillanceQueue), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: SURVEILLANCE_MAPPING.batchSize,
      ScalingConfig: { MaximumConcurrency: SURVEILLANCE_MAPPING.maxConcurrency },
    });
  });

  it('lets the enumerator send to that queue only, and tells it the queue', () => {
    // Besides the failure queue of its own asynchronous invocations (the schedule's), the surveillance queue only.
    const ownFailures = {
      'Fn::GetAtt': [logicalId(stateless.functions.get(SURVEILLANCE_ENUMERATOR)?.failureQueue as never), 'Arn'],
    };
    const onSqs = policyOf(SURVEILLANCE_ENUMERATOR)
      .filter((s) => [s.Action].flat().some((a) => a.startsWith('sqs:')))
      .filter((s) => JSON.stringify(s.Resource) !== JSON.stringify(ownFailures));
    expect(onSqs).toEqual([
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': [logicalId(stateless.surveillanceQueue), 'Arn'] },
      },
    ]);
    const enumerator =
      template.toJSON().Resources[logicalId(stateless.functions.get(SURVEILLANCE_ENUMERATOR)?.function as never)];
    expect(enumerator.Properties.Environment.Variables.SURVEILLANCE_QUEUE_URL).toEqual({
      Ref: logicalId(stateless.surveillanceQueue),
    });
    // Nothing else may send to it: the consumer only receives and deletes.
    const consumerSqs = policyOf(SURVEILLANCE_CONSUMER)
      .flatMap((s) => [s.Action].flat())
      .filter((a) => a.startsWith('sqs:'));
    expect(consumerSqs).not.toContain('sqs:SendMessage');
  });
});
