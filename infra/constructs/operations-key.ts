import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

const ID = 'OperationsKey';

/**
 * The customer-managed key of a stack's operational data: the event bus and its archive (events carry customer
 * references), the functions' log groups and the dead-letter queues (which hold whole failed events). One key per
 * stack, created on first use, so that every construct that needs it gets the same one without passing it around.
 * The stateful stack's data key stays out of it: its policy would otherwise have to name this stack's services and
 * resources, and the two stacks could no longer be deployed independently.
 *
 * Its policy lets exactly these services use it, each only for this account: CloudWatch Logs for log groups of this
 * account and region (encryption context `aws:logs:arn`), EventBridge for dead-letter delivery to the queues (the bus
 * and archive add their own statements, bound to the bus ARN). Lambda and EventBridge Scheduler write to the queues
 * with their execution roles, which get the key through IAM grants in their own policies.
 */
export function operationsKey(scope: Construct): Key {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(ID);
  if (existing instanceof Key) return existing;
  const key = new Key(stack, ID, {
    description: `Encrypts the event bus, its archive, the log groups and the dead-letter queues of ${stack.stackName}`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
    // Logs and archived events encrypted with it stay readable for as long as a mistaken deletion can be cancelled.
    pendingWindow: Duration.days(30),
  });
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'CloudWatchLogsOfThisAccount',
      principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
        },
      },
    }),
  );
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'EventBridgeDeadLetterDelivery',
      principals: [new ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
  );
  return key;
}
