import type { CfnResource } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_BUS_NAME, rules } from '../../events/rules.js';
import { functionCatalog } from '../../functions/catalog.js';
import { routes } from '../../functions/routes.js';
import { schedules } from '../../functions/schedules.js';
import { DEAD_LETTER_RETENTION } from '../../infra/constructs/dead-letter-queue.js';
import { rulesForAwsServiceEvents } from '../../infra/constructs/event-forwarding.js';
import {
  CONNECT_CTR_CONSUMER,
  RULE_TARGET_RETRY,
  type StatelessStack,
  SURVEILLANCE_CONSUMER,
} from '../../infra/stacks/stateless-stack.js';
import { TABLE_NAME_DEFAULT } from '../../shared/store/table.js';
import { ENCRYPTED_WITH_OPERATIONS_KEY, SYNTH_TIMEOUT_MS, testApp } from './support/app.js';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

const ONCALL = 'oncall@example.org';

/**
 * Who invokes each function decides whether it needs a failure queue: EventBridge and Scheduler (and any other
 * asynchronous caller of a function no route serves) retry and then drop; the HTTP API answers its caller; Lambda's
 * stream mapping keeps its own failures.
 */
const eventTargets = new Set([...rules.map((rule) => rule.target), ...schedules.map((entry) => entry.function)]);
const apiFunctions = new Set(routes.map((route) => route.function));
const asynchronous = functionCatalog.filter(
  (fn) =>
    eventTargets.has(fn.name) ||
    (!apiFunctions.has(fn.name) && fn.name !== CONNECT_CTR_CONSUMER && fn.name !== SURVEILLANCE_CONSUMER),
);
const apiOnly = functionCatalog.filter((fn) => apiFunctions.has(fn.name) && !eventTargets.has(fn.name));
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

describe('Stack: stateless', () => {
  let stack: StatelessStack;
  let template: Template;
  let resources: Resources;
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnResource);
  const fnId = (name: string) => logicalId(stack.functions.get(name)!.function);

  beforeAll(() => {
    // Prepare
    const app = testApp({ context: { alarmEmails: ONCALL, archiveRetentionDays: 21 } });
    stack = app.stateless;
    // Act
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources;
  }, SYNTH_TIMEOUT_MS);

  /** The statements of the policies attached to the role of a catalog function. */
  function statementsOf(name: string): Statement[] {
    const roleId = logicalId(stack.functions.get(name)!.function.role as never);
    return Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
  }
  const actionsOf = (statement: Statement) => [statement.Action].flat();

  describe('event bus', () => {
    it('is named as the producers expect', () => {
      template.hasResourceProperties('AWS::Events::EventBus', { Name: EVENT_BUS_NAME });
    });

    it('archives every event on the bus, for the configured retention', () => {
      template.hasResourceProperties('AWS::Events::Archive', {
        SourceArn: { 'Fn::GetAtt': [logicalId(stack.bus), 'Arn'] },
        EventPattern: Match.absent(),
        RetentionDays: 21,
      });
    });

    it('outputs the bus name and ARN', () => {
      template.hasOutput('EventBusName', { Value: { Ref: logicalId(stack.bus) } });
      template.hasOutput('EventBusArn', { Value: { 'Fn::GetAtt': [logicalId(stack.bus), 'Arn'] } });
    });
  });

  describe('rules', () => {
    it('creates one rule per routing definition on the bus, and no other', () => {
      const onBus = Object.values(template.findResources('AWS::Events::Rule')).filter(
        (rule) => JSON.stringify(rule.Properties.EventBusName) === JSON.stringify({ Ref: logicalId(stack.bus) }),
      );
      expect(onBus).toHaveLength(rules.length);
    });

    it.each(rules.map((rule) => [rule.name, rule] as const))(
      '%s routes its pattern to its function, with retries and a dead-letter queue',
      (_name, rule) => {
        const deadLetters = new Capture();
        template.hasResourceProperties('AWS::Events::Rule', {
          EventBusName: { Ref: logicalId(stack.bus) },
          EventPattern: Match.exact(rule.eventPattern),
          Targets: [
            Match.objectLike({
              Arn: { 'Fn::GetAtt': [fnId(rule.target), 'Arn'] },
              RetryPolicy: {
                MaximumRetryAttempts: RULE_TARGET_RETRY.retryAttempts,
                MaximumEventAgeInSeconds: RULE_TARGET_RETRY.maxEventAge.toSeconds(),
              },
              DeadLetterConfig: { Arn: { 'Fn::GetAtt': [deadLetters, 'Arn'] } },
            }),
          ],
        });
        expect(resources[deadLetters.asString()]?.Properties).toMatchObject({
          ...ENCRYPTED_WITH_OPERATIONS_KEY,
          MessageRetentionPeriod: DEAD_LETTER_RETENTION.toSeconds(),
        });
      },
    );
  });

  describe('functions', () => {
    it('deploys exactly the functions of the catalog, and the copier of the dashboard bundle', () => {
      template.resourceCountIs('AWS::Lambda::Function', functionCatalog.length + 1);
    });

    it.each(functionCatalog.map((fn) => [fn.name, fn] as const))(
      '%s runs Node.js 22 on arm64 with tracing, its environment and a retained log',
      (name, definition) => {
        const logGroup = new Capture();
        expect(resources[fnId(name)]?.Properties).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          Description: definition.description,
          TracingConfig: { Mode: 'Active' },
          Environment: {
            Variables: {
              TABLE_NAME: TABLE_NAME_DEFAULT,
              EVENT_BUS_NAME: { Ref: logicalId(stack.bus) },
              POWERTOOLS_SERVICE_NAME: expect.any(String),
              POWERTOOLS_LOG_LEVEL: 'INFO',
              NODE_OPTIONS: '--enable-source-maps',
            },
          },
        });
        template.hasResourceProperties('AWS::Lambda::Function', {
          FunctionName: Match.absent(),
          LoggingConfig: { LogGroup: { Ref: logGroup } },
          Description: definition.description,
        });
        expect(resources[logGroup.asString()]).toMatchObject({
          Type: 'AWS::Logs::LogGroup',
          Properties: { RetentionInDays: 90 },
        });
      },
    );

    it.each(asynchronous.map((fn) => [fn.name] as const))(
      '%s (invoked asynchronously) sends failed invocations to an encrypted queue',
      (name) => {
        const queue = new Capture();
        template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          FunctionName: { Ref: fnId(name) },
          MaximumRetryAttempts: 2,
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
        });
        expect(resources[queue.asString()]?.Properties).toMatchObject({ ...ENCRYPTED_WITH_OPERATIONS_KEY });
      },
    );

    it('has API functions that are only invoked synchronously', () => {
      expect(apiOnly.length).toBeGreaterThan(0);
    });

    it.each(apiOnly.map((fn) => [fn.name] as const))(
      '%s (only called by the HTTP API) has no failure queue: its caller gets the error',
      (name) => {
        const configs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig'));
        expect(configs.map((config) => config.Properties.FunctionName)).not.toContainEqual({ Ref: fnId(name) });
      },
    );

    it(`${CONNECT_CTR_CONSUMER} (polled from its stream) has no async failure queue: the mapping keeps failures`, () => {
      const configs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig'));
      expect(configs.length).toBeGreaterThan(0);
      expect(configs.map((config) => config.Properties.FunctionName)).not.toContainEqual({
        Ref: fnId(CONNECT_CTR_CONSUMER),
      });
    });
  });

  describe('least privilege', () => {
    it('uses no AWS-managed policy on any role', () => {
      template.allResourcesProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    });

    it('grants no service-wide action and no "*" resource except for X-Ray', () => {
      const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
        (policy) => policy.Properties.PolicyDocument.Statement as Statement[],
      );
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        for (const action of actionsOf(statement)) expect(action).not.toMatch(/^\*$|:\*$/);
        if ([statement.Resource].flat().includes('*')) {
          expect(actionsOf(statement).every((action) => action.startsWith('xray:'))).toBe(true);
        }
      }
    });

    it.each(functionCatalog.map((fn) => [fn.name, fn] as const))(
      '%s gets exactly the table and bus access of its catalog entry',
      (name, definition) => {
        // What it is allowed; the Deny every role carries (no ledger deletes) grants nothing.
        const actions = statementsOf(name)
          .filter((statement) => statement.Effect === 'Allow')
          .flatMap(actionsOf);
        // DescribeTable (the health probe) reaches no item.
        const dynamodb = actions.filter(
          (action) => action.startsWith('dynamodb:') && action !== 'dynamodb:DescribeTable',
        );
        expect(dynamodb.length > 0).toBe(definition.table !== 'none');
        expect(actions.includes('dynamodb:DescribeTable')).toBe(definition.describesTable === true);
        expect(WRITE_ACTIONS.some((action) => dynamodb.includes(action))).toBe(definition.table === 'read-write');
        expect(actions.includes('events:PutEvents')).toBe(definition.publishesEvents === true);
      },
    );

    it('scopes table access to the compliance table and its indexes', () => {
      const tableResources = functionCatalog
        .flatMap((fn) => statementsOf(fn.name))
        .filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')))
        .flatMap((statement) => [statement.Resource].flat())
        .map((resource) => JSON.stringify(resource));
      for (const resource of tableResources) expect(resource).toMatch(/:table\/ccc-compliance(\/index\/\*)?"/);
    });
  });

  describe('alarms', () => {
    // Every queue but the surveillance queue itself, whose messages are work (its dead-letter queue is counted).
    const queueIds = () =>
      Object.keys(template.findResources('AWS::SQS::Queue')).filter((id) => id !== logicalId(stack.surveillanceQueue));

    it('watches every dead-letter queue: one waiting message is enough', () => {
      const forwarded = rulesForAwsServiceEvents(rules).length;
      expect(queueIds()).toHaveLength(rules.length + asynchronous.length + schedules.length + forwarded + 1);
      for (const queueId of queueIds()) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: 0,
          AlarmActions: [{ Ref: logicalId(stack.alarms.topic) }],
        });
      }
    });

    it('watches every function for errors', () => {
      for (const fn of functionCatalog) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId(fn.name) } }],
          AlarmActions: [{ Ref: logicalId(stack.alarms.topic) }],
        });
      }
    });

    it('publishes to an encrypted, TLS-only topic with the configured subscribers', () => {
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
      template.resourceCountIs('AWS::SNS::Subscription', 1);
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: ONCALL });
    });
  });

  it('requires TLS on every queue', () => {
    for (const queueId of Object.keys(template.findResources('AWS::SQS::Queue'))) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });
});
