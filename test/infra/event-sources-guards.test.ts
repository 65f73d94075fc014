import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { rules } from '../../events/rules.js';
import type { ScheduleDefinition } from '../../functions/schedules.js';
import { AlarmTopic } from '../../infra/constructs/alarm-topic.js';
import { ComplianceSchedules } from '../../infra/constructs/compliance-schedules.js';
import { rulesForAwsServiceEvents, rulesForPartnerSource } from '../../infra/constructs/event-forwarding.js';
import { VendorEventSources } from '../../infra/constructs/vendor-event-sources.js';
import { TEST_ENV } from './support/app.js';

const GENESYS_SOURCE = 'aws.partner/genesys.com/cloud/e2c4a6b8-1d3f-4a5b-8c7d-9e0f1a2b3c4d/ccc-compliance';
const ruleNamed = (name: string) => rules.find((rule) => rule.name === name)!;

/** A scratch stack (no synthesis) with one stub function `sweep`. */
function scratch() {
  const stack = new Stack(new App(), 'Scratch', { env: TEST_ENV });
  const fn = new LambdaFunction(stack, 'Sweep', {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline('export const handler = async () => ({})'),
  });
  return { stack, fn };
}

describe('Schedules: refuse to synthesize a schedule list Scheduler would not run', () => {
  const sound: ScheduleDefinition = {
    name: 'Sweep',
    description: 'A sweep',
    expression: 'cron(0 6 * * ? *)',
    timeZone: 'Europe/Paris',
    function: 'sweep',
  };
  function build(schedules: ScheduleDefinition[], stack = scratch()) {
    return () =>
      new ComplianceSchedules(stack.stack, 'Schedules', {
        groupName: 'scratch',
        schedules,
        functions: new Map([['sweep', { function: stack.fn }]]),
      });
  }

  it('builds a sound schedule (the stub below is sound)', () => {
    expect(build([sound])).not.toThrow();
  });

  it('reads the expression in the time zone of the entry, not in UTC', () => {
    const target = scratch();
    build([sound], target)();
    Template.fromStack(target.stack).hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
    });
  });

  it('names the schedule whose function is not in the catalog', () => {
    expect(build([{ ...sound, function: 'no-such-function' }])).toThrow(
      'schedule Sweep invokes no-such-function, which is not in functions/catalog.ts',
    );
  });

  it.each([
    ['rate(0 minutes)', /schedule Sweep: Invalid schedule expression "rate\(0 minutes\)"/],
    ['cron(0 6 * * *)', /schedule Sweep: Invalid schedule expression "cron\(0 6 \* \* \*\)"/],
    ['every day', /schedule Sweep: Invalid schedule expression/],
  ])('refuses the expression %s', (expression, message) => {
    expect(build([{ ...sound, expression }])).toThrow(message);
  });

  it('refuses a time zone that is not an IANA name', () => {
    expect(build([{ ...sound, timeZone: '+01:00' }])).toThrow(/schedule Sweep: Invalid time zone "\+01:00"/);
    expect(build([{ ...sound, timeZone: 'Europe/Lyon' }])).toThrow(/Invalid time zone "Europe\/Lyon"/);
  });

  it('refuses the same name twice', () => {
    expect(build([sound, sound])).toThrow('schedule Sweep is declared twice in functions/schedules.ts');
  });
});

describe('Vendor feeds: which rules are forwarded, from where', () => {
  it('forwards from the default bus the rules of AWS service events only (Amazon Connect)', () => {
    expect(rulesForAwsServiceEvents(rules)).toEqual([ruleNamed('ConnectContactEventToTranslator')]);
  });

  it("forwards from Genesys Cloud's partner bus the rules that match its source only", () => {
    expect(rulesForPartnerSource(rules, GENESYS_SOURCE)).toEqual([ruleNamed('GenesysConversationToTranslator')]);
    expect(rulesForPartnerSource(rules, 'aws.partner/example.com/cloud/org/name')).toEqual([]);
  });

  function build(props: { genesys?: string; streamArn?: string }) {
    const { stack, fn } = scratch();
    return () =>
      new VendorEventSources(stack, 'VendorSources', {
        bus: new EventBus(stack, 'Bus'),
        // No Genesys rule: a partner source then has nothing to forward.
        rules: rules.filter((rule) => rule.name !== 'GenesysConversationToTranslator'),
        ctrConsumer: fn,
        alarms: new AlarmTopic(stack, 'Alarms', { emails: [] }),
        genesysPartnerEventSource: props.genesys,
        connectCtrStream:
          props.streamArn === undefined
            ? undefined
            : { streamArn: props.streamArn, startingPosition: 'LATEST', keyArn: undefined },
      });
  }

  it('builds with every feed that has somewhere to go (the stub below is sound)', () => {
    expect(build({ streamArn: 'arn:aws:kinesis:eu-west-3:111122223333:stream/ctr' })).not.toThrow();
  });

  it('refuses a partner event source that no rule would route', () => {
    expect(build({ genesys: GENESYS_SOURCE })).toThrow(
      `context genesysPartnerEventSource ${GENESYS_SOURCE} matches no rule of events/rules.ts`,
    );
  });

  it('refuses a contact-record stream of another region', () => {
    expect(build({ streamArn: 'arn:aws:kinesis:eu-west-1:111122223333:stream/ctr' })).toThrow(
      'context connectCtrStreamArn is in eu-west-1, the stack in eu-west-3: Lambda reads streams of its own region only',
    );
  });
});
