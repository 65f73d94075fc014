import type { CfnResource } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../events/rules.js';
import { functionCatalog } from '../../functions/catalog.js';
import { type ScheduledInvocation, schedules } from '../../functions/schedules.js';
import { SCHEDULE_TARGET_RETRY } from '../../infra/constructs/compliance-schedules.js';
import { DEAD_LETTER_RETENTION } from '../../infra/constructs/dead-letter-queue.js';
import { CONNECT_CTR_CONSUMER, type StatelessStack } from '../../infra/stacks/stateless-stack.js';
import { ENCRYPTED_WITH_OPERATIONS_KEY, SYNTH_TIMEOUT_MS, testApp } from './support/app.js';
import { vendorMappingWiring } from './support/vendor-mapping.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
type Message = { level: string; id: string; text: string };
type ScheduleProperties = Record<string, unknown> & { Target: { Arn: unknown; Input: string; RoleArn: unknown } };

const connectRule = rules.find((rule) => rule.name === 'ConnectContactEventToTranslator')!;
/** The functions that place vendor contacts: the translators and the contact-record consumer. */
const placingVendorContacts = functionCatalog
  .filter((fn) => fn.name.startsWith('translate-') || fn.name === CONNECT_CTR_CONSUMER)
  .map((fn) => fn.name);

describe('Event sources: schedules and vendor feeds (default settings)', () => {
  let stack: StatelessStack;
  let template: Template;
  let resources: Resources;
  let messages: Message[];
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnResource);
  const fnId = (name: string) => logicalId(stack.functions.get(name)!.function);
  const fnArn = (name: string) => ({ 'Fn::GetAtt': [fnId(name), 'Arn'] });

  beforeAll(() => {
    // Prepare: the cdk.json context only, as a first `cdk deploy` would use it.
    const app = testApp();
    stack = app.stateless;
    // Act: one synthesis; the template and the synthesis messages both come from it.
    const artifact = app.app.synth().getStackArtifact(stack.artifactId);
    messages = artifact.messages.map((m) => ({ level: m.level, id: m.id, text: String(m.entry.data) }));
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources;
  }, SYNTH_TIMEOUT_MS);

  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  /** The statements of the policies attached to a role. */
  const statementsOf = (roleId: string) =>
    ofType('AWS::IAM::Policy')
      .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  const scheduleNamed = (name: string) => {
    const found = ofType('AWS::Scheduler::Schedule').filter(([, s]) => s.Properties.Name === name);
    expect(found, name).toHaveLength(1);
    return found[0]![1].Properties as ScheduleProperties;
  };
  const expectWatched = (queueId: string) =>
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 0,
      AlarmActions: [{ Ref: logicalId(stack.alarms.topic) }],
    });
  const byName = schedules.map((entry) => [entry.name, entry] as const);

  describe('schedules', () => {
    it("creates one schedule per entry of functions/schedules.ts, in the app's group, and no other", () => {
      const found = Object.values(template.findResources('AWS::Scheduler::Schedule'));
      expect(found.map((s) => s.Properties.Name).sort()).toEqual(schedules.map((entry) => entry.name).sort());
      template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'ccc-compliance-dev' });
      for (const schedule of found) {
        expect(schedule.Properties.GroupName).toBe('ccc-compliance-dev');
        // Named, not referenced: only the dependency makes CloudFormation create the group first.
        expect(schedule.DependsOn).toContain(logicalId(stack.schedules.group));
      }
    });

    it.each(byName)('%s runs its expression in its time zone, exactly when due', (name, entry) => {
      expect(scheduleNamed(name)).toMatchObject({
        ScheduleExpression: entry.expression,
        ScheduleExpressionTimezone: entry.timeZone,
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Description: entry.description,
      });
    });

    it.each(byName)('%s invokes its function with the schedule name and the time the run was due', (name, entry) => {
      const target = scheduleNamed(name).Target;
      expect(target.Arn).toEqual(fnArn(entry.function));
      const input: ScheduledInvocation = { schedule: name, scheduledTime: '<aws.scheduler.scheduled-time>' };
      expect(JSON.parse(target.Input)).toEqual(input);
    });

    it.each(byName)('%s retries, then keeps undelivered runs in an encrypted, watched queue', (name) => {
      const deadLetters = new Capture();
      expect(scheduleNamed(name).Target).toMatchObject({
        RetryPolicy: {
          MaximumRetryAttempts: SCHEDULE_TARGET_RETRY.retryAttempts,
          MaximumEventAgeInSeconds: SCHEDULE_TARGET_RETRY.maxEventAge.toSeconds(),
        },
      });
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        Name: name,
        Target: Match.objectLike({ DeadLetterConfig: { Arn: { 'Fn::GetAtt': [deadLetters, 'Arn'] } } }),
      });
      expect(resources[deadLetters.asString()]).toMatchObject({
        Type: 'AWS::SQS::Queue',
        Properties: { ...ENCRYPTED_WITH_OPERATIONS_KEY, MessageRetentionPeriod: DEAD_LETTER_RETENTION.toSeconds() },
      });
      expectWatched(deadLetters.asString());
    });

    it.each(byName)("%s uses a role of its own that only Scheduler, for this account's group, may assume", (name) => {
      const { role } = stack.schedules.schedules.get(name)!;
      expect(scheduleNamed(name).Target.RoleArn).toEqual({
        'Fn::GetAtt': [logicalId(role), 'Arn'],
      });
      const roles = ofType('AWS::Scheduler::Schedule').map(([, s]) => JSON.stringify(s.Properties.Target));
      expect(roles.filter((target) => target.includes(logicalId(role)))).toHaveLength(1);
      expect(resources[logicalId(role)]?.Properties.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: {
                'aws:SourceAccount': '111122223333',
                'aws:SourceArn': { 'Fn::GetAtt': [logicalId(stack.schedules.group), 'Arn'] },
              },
            },
          },
        ],
      });
    });

    it.each(byName)('%s may invoke its own function and write its dead-letter queue, nothing else', (name, entry) => {
      const { role, deadLetters } = stack.schedules.schedules.get(name)!;
      const statements = statementsOf(logicalId(role));
      const invoke = statements.filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'));
      const invocable = invoke.flatMap((s) => [s.Resource].flat());
      // The function itself, and its versions and aliases (the CDK grant adds them): never another function.
      expect(invocable).toContainEqual(fnArn(entry.function));
      for (const resource of invocable) {
        expect([fnArn(entry.function), { 'Fn::Join': ['', [fnArn(entry.function), ':*']] }]).toContainEqual(resource);
      }
      expect(statements.map((s) => `${s.Effect} ${s.Action}`).sort()).toEqual([
        // SQS encrypts the dead letter with the queue's customer-managed key on the sender's behalf.
        'Allow kms:Decrypt,kms:GenerateDataKey',
        'Allow lambda:InvokeFunction',
        'Allow sqs:SendMessage',
      ]);
      expect(statements.find((s) => [s.Action].flat().includes('kms:Decrypt'))?.Resource).toEqual(
        resources[logicalId(deadLetters)]?.Properties.KmsMasterKeyId,
      );
      expect(statements.find((s) => s.Action === 'sqs:SendMessage')?.Resource).toEqual({
        'Fn::GetAtt': [logicalId(deadLetters), 'Arn'],
      });
    });

    it.each(byName)('%s: its function keeps its async failure queue (Scheduler invokes asynchronously)', (_, entry) => {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fnId(entry.function) },
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      });
    });
  });

  describe('vendor feeds', () => {
    const forwardingRules = () =>
      ofType('AWS::Events::Rule').filter(([, rule]) => rule.Properties.EventBusName === 'default');

    it("forwards Amazon Connect events from the default bus with the very pattern of the translator's rule", () => {
      expect(forwardingRules()).toHaveLength(1);
      const [, rule] = forwardingRules()[0]!;
      expect(rule.Properties.EventPattern).toEqual(connectRule.eventPattern);
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({ Arn: { 'Fn::GetAtt': [logicalId(stack.bus), 'Arn'] } }),
      ]);
    });

    it('forwards with a role that may only put events on the compliance bus, and a watched dead-letter queue', () => {
      const [, rule] = forwardingRules()[0]!;
      type GetAtt = { 'Fn::GetAtt': [string, string] };
      const [target] = rule.Properties.Targets as Array<{ RoleArn: GetAtt; DeadLetterConfig: { Arn: GetAtt } }>;
      expect(statementsOf(target!.RoleArn['Fn::GetAtt'][0])).toEqual([
        { Effect: 'Allow', Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [logicalId(stack.bus), 'Arn'] } },
      ]);
      const deadLetters = target!.DeadLetterConfig.Arn['Fn::GetAtt'][0];
      expect(resources[deadLetters]?.Properties).toMatchObject({ ...ENCRYPTED_WITH_OPERATIONS_KEY });
      expectWatched(deadLetters);
    });

    it('creates no partner event bus without context genesysPartnerEventSource, and says so', () => {
      expect(ofType('AWS::Events::EventBus')).toHaveLength(1);
      expect(stack.vendorSources.genesys).toBeUndefined();
      expect(messages).toContainEqual(
        expect.objectContaining({
          level: 'info',
          text: expect.stringMatching(/^No context genesysPartnerEventSource/),
        }),
      );
    });

    it('maps no contact-record stream without context connectCtrStreamArn, and says so', () => {
      // The only mapping is the surveillance queue's (SQS: no starting position), none reads a stream.
      expect(
        ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => m.Properties.StartingPosition !== undefined),
      ).toEqual([]);
      expect(messages).toContainEqual(
        expect.objectContaining({ level: 'info', text: expect.stringMatching(/^No context connectCtrStreamArn/) }),
      );
    });

    it('keeps an empty mapping in one SSM parameter that exactly the functions placing vendor contacts read, and warns', () => {
      expect(placingVendorContacts).toHaveLength(4);
      const wiring = vendorMappingWiring(stack, template);
      expect(wiring.parameters).toHaveLength(1);
      expect(wiring.parameter).toMatchObject({
        Name: '/ccc-compliance/dev/vendor-mapping',
        Type: 'String',
        Tier: 'Standard',
        Value: '{"instances":[]}',
      });
      expect(wiring.naming.sort()).toEqual([...placingVendorContacts].sort());
      // Not in the environment any more: the mapping changes without a redeploy, and is not capped at 4 KB.
      expect(wiring.inlining).toEqual([]);
      for (const fn of functionCatalog) {
        const reads = wiring.statementsOnParameter(fn.name);
        expect(reads, fn.name).toEqual(
          placingVendorContacts.includes(fn.name)
            ? [expect.objectContaining({ Effect: 'Allow', Action: 'ssm:GetParameter' })]
            : [],
        );
      }
      expect(messages).toContainEqual(
        expect.objectContaining({ level: 'warning', text: expect.stringMatching(/^No context vendorMapping/) }),
      );
    });
  });
});
