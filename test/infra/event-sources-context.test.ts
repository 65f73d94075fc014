import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnResource } from 'aws-cdk-lib';
import { Capture, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../events/rules.js';
import { functionCatalog } from '../../functions/catalog.js';
import { PROJECT_ROOT } from '../../infra/config.js';
import { CTR_STREAM_READING } from '../../infra/constructs/connect-ctr-stream.js';
import { CTR_STREAM_MAX_LAG } from '../../infra/constructs/vendor-event-sources.js';
import { CONNECT_CTR_CONSUMER, type StatelessStack } from '../../infra/stacks/stateless-stack.js';
import { VendorMapping } from '../../shared/domain/vendor/vendor-mapping.js';
import { ENCRYPTED_WITH_OPERATIONS_KEY, SYNTH_TIMEOUT_MS, testApp } from './support/app.js';
import { vendorMappingWiring } from './support/vendor-mapping.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

const GENESYS_SOURCE = 'aws.partner/genesys.com/cloud/e2c4a6b8-1d3f-4a5b-8c7d-9e0f1a2b3c4d/ccc-compliance';
const CTR_STREAM = 'arn:aws:kinesis:eu-west-3:111122223333:stream/connect-ctr';
const CTR_KEY = 'arn:aws:kms:eu-west-3:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const MAPPING_FILE = 'config/vendor-mapping.example.json';
const mapping = VendorMapping.parse(JSON.parse(readFileSync(join(PROJECT_ROOT, MAPPING_FILE), 'utf8')));
const genesysRule = rules.find((rule) => rule.name === 'GenesysConversationToTranslator')!;
const placingVendorContacts = functionCatalog
  .filter((fn) => fn.name.startsWith('translate-') || fn.name === CONNECT_CTR_CONSUMER)
  .map((fn) => fn.name);

describe('Event sources: vendor feeds and mapping from the deployment context', () => {
  let stack: StatelessStack;
  let template: Template;
  let resources: Resources;
  let warnings: string[];
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnResource);
  const fnId = (name: string) => logicalId(stack.functions.get(name)!.function);

  beforeAll(() => {
    // Prepare: every vendor feed configured, as `cdk deploy -c key=value` passes them (strings).
    const app = testApp({
      context: {
        genesysPartnerEventSource: GENESYS_SOURCE,
        connectCtrStreamArn: CTR_STREAM,
        connectCtrStartingPosition: 'LATEST',
        connectCtrStreamKeyArn: CTR_KEY,
        vendorMapping: MAPPING_FILE,
      },
    });
    stack = app.stateless;
    // Act
    const artifact = app.app.synth().getStackArtifact(stack.artifactId);
    warnings = artifact.messages.filter((m) => m.level === 'warning').map((m) => String(m.entry.data));
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources;
  }, SYNTH_TIMEOUT_MS);

  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const statementsOf = (roleId: string) =>
    ofType('AWS::IAM::Policy')
      .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  const expectWatched = (queueId: string) =>
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 0,
    });

  describe('Genesys Cloud', () => {
    const partnerBusId = () => logicalId(stack.vendorSources.genesys!.bus);

    it('gets the partner event bus of the configured event source', () => {
      expect(resources[partnerBusId()]).toMatchObject({
        Type: 'AWS::Events::EventBus',
        Properties: { Name: GENESYS_SOURCE, EventSourceName: GENESYS_SOURCE },
      });
    });

    it("forwards from it, to the compliance bus, exactly what the translator's rule routes", () => {
      const onPartnerBus = ofType('AWS::Events::Rule').filter(
        ([, rule]) => JSON.stringify(rule.Properties.EventBusName) === JSON.stringify({ Ref: partnerBusId() }),
      );
      expect(onPartnerBus).toHaveLength(1);
      const [, rule] = onPartnerBus[0]!;
      expect(rule.Properties.EventPattern).toEqual(genesysRule.eventPattern);
      type GetAtt = { 'Fn::GetAtt': [string, string] };
      const [target] = rule.Properties.Targets as Array<{
        Arn: GetAtt;
        RoleArn: GetAtt;
        DeadLetterConfig: { Arn: GetAtt };
      }>;
      expect(target!.Arn).toEqual({ 'Fn::GetAtt': [logicalId(stack.bus), 'Arn'] });
      expect(statementsOf(target!.RoleArn['Fn::GetAtt'][0])).toEqual([
        { Effect: 'Allow', Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [logicalId(stack.bus), 'Arn'] } },
      ]);
      expectWatched(target!.DeadLetterConfig.Arn['Fn::GetAtt'][0]);
    });

    it('still forwards Amazon Connect events from the default bus', () => {
      expect(ofType('AWS::Events::Rule').filter(([, rule]) => rule.Properties.EventBusName === 'default')).toHaveLength(
        1,
      );
    });
  });

  describe('Amazon Connect contact-record stream', () => {
    // Stream mappings (the surveillance queue's SQS mapping has no starting position).
    const mappings = () =>
      ofType('AWS::Lambda::EventSourceMapping')
        .map(([, m]) => m.Properties)
        .filter((p) => p.StartingPosition !== undefined);

    it(`feeds the stream to ${CONNECT_CTR_CONSUMER} only, from the configured position`, () => {
      expect(mappings()).toHaveLength(1);
      expect(mappings()[0]).toMatchObject({
        EventSourceArn: CTR_STREAM,
        FunctionName: { Ref: fnId(CONNECT_CTR_CONSUMER) },
        StartingPosition: 'LATEST',
      });
    });

    it('retries only the records that failed, bisects a failing batch, and gives up into a watched queue', () => {
      const failures = new Capture();
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: CTR_STREAM_READING.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: CTR_STREAM_READING.retryAttempts,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failures, 'Arn'] } } },
      });
      expect(resources[failures.asString()]?.Properties).toMatchObject({ ...ENCRYPTED_WITH_OPERATIONS_KEY });
      expectWatched(failures.asString());
    });

    it('alarms when the consumer falls behind the stream', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'IteratorAge',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId(CONNECT_CTR_CONSUMER) } }],
        Threshold: CTR_STREAM_MAX_LAG.toMilliseconds(),
      });
    });

    it('lets the consumer read that stream and decrypt with its key, and nothing else of Kinesis or KMS', () => {
      const roleId = logicalId(stack.functions.get(CONNECT_CTR_CONSUMER)!.function.role as never);
      const statements = statementsOf(roleId);
      const about = (service: string) =>
        statements.filter((s) => [s.Action].flat().some((action) => action.startsWith(`${service}:`)));
      expect(about('kinesis').flatMap((s) => [s.Resource].flat())).toEqual([CTR_STREAM]);
      expect(about('kinesis').flatMap((s) => [s.Action].flat())).toContain('kinesis:GetRecords');
      const kms = about('kms').filter((s) => JSON.stringify(s.Resource) === JSON.stringify(CTR_KEY));
      expect(kms.flatMap((s) => [s.Action].flat())).toEqual(['kms:Decrypt']);
    });

    it('keeps no async failure queue on the consumer: Lambda invokes it synchronously from the mapping', () => {
      const configs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig'));
      expect(configs.map((config) => config.Properties.FunctionName)).not.toContainEqual({
        Ref: fnId(CONNECT_CTR_CONSUMER),
      });
    });
  });

  describe('vendor mapping', () => {
    it('is named to exactly the functions that place vendor contacts, never inlined', () => {
      const wiring = vendorMappingWiring(stack, template);
      expect(wiring.naming.sort()).toEqual([...placingVendorContacts].sort());
      expect(wiring.inlining).toEqual([]);
    });

    it('holds the configured mapping in its parameter, valid and without its descriptions', () => {
      const { parameter } = vendorMappingWiring(stack, template);
      const parsed = VendorMapping.parse(JSON.parse(parameter.Value));
      expect(parsed.instances).toEqual(mapping.instances.map(({ description: _, ...route }) => route));
    });

    it('does not warn about an empty mapping', () => {
      expect(warnings.filter((warning) => warning.includes('vendorMapping'))).toEqual([]);
      expect(vendorMappingWiring(stack, template).parameter.Value).not.toBe('{"instances":[]}');
    });
  });
});
