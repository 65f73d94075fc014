/**
 * The monthly reports' grants (functions/catalog.ts `reports: 'monthly'`, infra/stacks/stateless-stack.ts): the
 * functions that produce reports put and get objects under `reports/` only, use the data key through S3 only, and
 * send mail from the one identity of context `reportsFromAddress`, which they are told with the bucket and the key.
 */
import type { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionCatalog } from '../../functions/catalog.js';
import type { StatelessStack } from '../../infra/stacks/stateless-stack.js';
import { SYNTH_TIMEOUT_MS, TEST_ENV, testApp } from './support/app.js';

type Statement = { Action: string | string[]; Resource: unknown };

function flat(value: unknown): string {
  if (typeof value === 'string') return value;
  const node = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
  if (node.Ref === 'AWS::Partition') return 'aws';
  if (node['Fn::Join']) return node['Fn::Join'][1].map(flat).join(node['Fn::Join'][0]);
  return JSON.stringify(value);
}

describe('Monthly reports: least privilege', () => {
  let stateless: StatelessStack;
  let template: Template;
  const producers = functionCatalog.filter((d) => d.reports === 'monthly').map((d) => d.name);
  const reportsBucket = `ccc-dev-reports-${TEST_ENV.account}-${TEST_ENV.region}`;
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stateless.getLogicalId(construct.node.defaultChild as CfnResource);
  const statementsOf = (name: string): Statement[] => {
    const role = logicalId(stateless.functions.get(name)?.function.role as never);
    return Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(JSON.stringify({ Ref: role })))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
  };
  const environmentOf = (name: string) => {
    const fn = stateless.functions.get(name)?.function;
    return (template.toJSON().Resources[logicalId(fn as never)]?.Properties?.Environment?.Variables ?? {}) as Record<
      string,
      unknown
    >;
  };

  beforeAll(() => {
    stateless = testApp({ context: { reportsFromAddress: 'reports@example.org' } }).stateless;
    template = Template.fromStack(stateless);
  }, SYNTH_TIMEOUT_MS);

  it('lets the producers put and get reports/ objects only, and send from the one identity', () => {
    expect(producers).toContain('reports');
    const identity = `arn:aws:ses:${TEST_ENV.region}:${TEST_ENV.account}:identity/example.org`;
    for (const name of producers) {
      const statements = statementsOf(name).map((s) => ({
        Action: [s.Action].flat().sort(),
        Resource: flat(s.Resource),
      }));
      expect(
        statements.filter((s) => s.Resource.includes(reportsBucket)),
        name,
      ).toEqual([{ Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${reportsBucket}/reports/*` }]);
      expect(
        statements.filter((s) => s.Action.some((a) => a.startsWith('ses:'))),
        name,
      ).toEqual([{ Action: ['ses:SendEmail', 'ses:SendRawEmail'], Resource: identity }]);
      const env = environmentOf(name);
      expect(env, name).toMatchObject({ REPORTS_BUCKET: reportsBucket, REPORTS_FROM_ADDRESS: 'reports@example.org' });
      expect(flat(env.REPORTS_FROM_IDENTITY_ARN), name).toBe(identity);
    }
    for (const definition of functionCatalog.filter((d) => d.reports !== 'monthly'))
      expect(
        statementsOf(definition.name).filter((s) => [s.Action].flat().some((a) => a.startsWith('ses:'))),
        definition.name,
      ).toEqual([]);
  });
});
