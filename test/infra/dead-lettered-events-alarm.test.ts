import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROJECT_ROOT } from '../../infra/config.js';
import type { StatelessStack } from '../../infra/stacks/stateless-stack.js';
import { DEAD_LETTERED_EVENTS, METRICS_NAMESPACE } from '../../shared/runtime/metrics.js';
import { keys } from '../../shared/store/keys.js';
import { SYNTH_TIMEOUT_MS, testApp } from './support/app.js';

type Alarm = { Properties: Record<string, unknown> & { Metrics?: Array<{ Expression?: string; Period?: number }> } };

/** What CloudWatch stores from one EMF line: the metric's namespace, name, dimension set and the service's value. */
interface EmittedMetric {
  namespace: string;
  name: string;
  dimensions: string[];
  service: string;
}

/** Dead-letters one event the way a consumer in AWS does (its environment), and reads the EMF line it writes. */
async function emitDeadLetter(functionEnvironment: Record<string, string>): Promise<EmittedMetric> {
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', functionEnvironment.POWERTOOLS_SERVICE_NAME);
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  // A fresh module: the metrics instance reads the service name when it is created.
  vi.resetModules();
  const { countDeadLetter } = await import('../../shared/runtime/metrics.js');
  countDeadLetter('some.detail-type');
  vi.restoreAllMocks();
  const emf = lines.map((line) => JSON.parse(line)).find((line) => line._aws !== undefined);
  const [directive] = emf._aws.CloudWatchMetrics;
  return {
    namespace: directive.Namespace,
    name: directive.Metrics[0].Name,
    dimensions: directive.Dimensions[0],
    service: emf.service,
  };
}

const QUERY = /^SELECT SUM\("(\w+)"\) FROM SCHEMA\("(\w+)", ((?:"\w+"(?:, )?)+)\) WHERE "service" = '([\w-]+)'$/;

describe('Alarm: dead-lettered events', () => {
  let stack: StatelessStack;
  let alarms: Alarm[];
  let emitted: EmittedMetric;

  beforeAll(async () => {
    // Prepare
    stack = testApp().stateless;
    const template = Template.fromStack(stack);
    const consumer =
      template.toJSON().Resources[
        stack.getLogicalId(stack.functions.get('record-contact-completed')!.function.node.defaultChild as CfnResource)
      ];
    emitted = await emitDeadLetter(consumer.Properties.Environment.Variables);
    // Act
    alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter((alarm) =>
      (alarm as Alarm).Properties.Metrics?.some((metric) => metric.Expression?.includes(DEAD_LETTERED_EVENTS)),
    ) as Alarm[];
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('is one alarm, on more than zero events in 5 minutes, to the on-call topic', () => {
    expect(alarms).toHaveLength(1);
    const topic = { Ref: stack.getLogicalId(stack.alarms.topic.node.defaultChild as CfnResource) };
    expect(alarms[0]!.Properties).toMatchObject({
      Metrics: [{ Period: 300, ReturnData: true }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic],
      OKActions: [topic],
    });
  });

  it('queries exactly the metric a consumer writes: namespace, name, every detail-type, service', () => {
    const [, name, namespace, dimensions, service] = QUERY.exec(alarms[0]!.Properties.Metrics![0]!.Expression!) ?? [];
    expect({ namespace, name }).toEqual({ namespace: METRICS_NAMESPACE, name: DEAD_LETTERED_EVENTS });
    expect({
      namespace,
      name,
      dimensions: dimensions
        ?.split(', ')
        .map((dimension) => dimension.replaceAll('"', ''))
        .sort(),
      service,
    }).toEqual({ ...emitted, dimensions: [...emitted.dimensions].sort() });
  });

  it('tells the on-call engineer how to list the dead letters, in AWS and on one machine', () => {
    const description = String(alarms[0]!.Properties.AlarmDescription);
    expect(description).toContain(`--index-name gsi1`);
    expect(description).toContain(`"S":"${keys.deadLettersAll}"`);
    expect(description).toContain('npm run dead-letters -- invalid');
    const { scripts } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));
    expect(scripts['dead-letters']).toBeDefined();
    // CloudWatch refuses longer descriptions.
    expect(description.length).toBeLessThanOrEqual(1024);
  });
});
