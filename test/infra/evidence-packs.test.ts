/**
 * The evidence packs' grants (functions/catalog.ts `reports: 'write'`, infra/stacks/stateless-stack.ts): only the
 * functions that write packs reach the reports bucket, only under `evidence/`, with the data key through S3 only,
 * and they are told the bucket and the key; the route fits the catalog's sizing.
 */
import type { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionCatalog } from '../../functions/catalog.js';
import { EVIDENCE_PACK_ACTIONS, type StatelessStack } from '../../infra/stacks/stateless-stack.js';
import { SYNTH_TIMEOUT_MS, TEST_ENV, testApp } from './support/app.js';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

function flat(value: unknown): string {
  if (typeof value === 'string') return value;
  const node = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
  if (node.Ref === 'AWS::Partition') return 'aws';
  if (node['Fn::Join']) return node['Fn::Join'][1].map(flat).join(node['Fn::Join'][0]);
  return JSON.stringify(value);
}

describe('Evidence packs: least privilege', () => {
  let stateless: StatelessStack;
  let template: Template;
  const reportsBucket = `ccc-dev-reports-${TEST_ENV.account}-${TEST_ENV.region}`;
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stateless.getLogicalId(construct.node.defaultChild as CfnResource);
  const roleOf = (name: string) => logicalId(stateless.functions.get(name)?.function.role as never);
  const policyOf = (role: string): Statement[] =>
    Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(JSON.stringify({ Ref: role })))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
  const onReports = (name: string) =>
    policyOf(roleOf(name))
      .filter((s) => flat(s.Resource).includes(reportsBucket))
      .map((s) => ({ Action: [s.Action].flat().sort(), Resource: flat(s.Resource) }));
  const environmentOf = (name: string) => {
    const fn = stateless.functions.get(name)?.function;
    const resource = template.toJSON().Resources[logicalId(fn as never)];
    return (resource?.Properties?.Environment?.Variables ?? {}) as Record<string, unknown>;
  };

  beforeAll(() => {
    stateless = testApp().stateless;
    template = Template.fromStack(stateless);
  }, SYNTH_TIMEOUT_MS);

  it('lets get-evidence write and presign packs under evidence/ only, and no other function touch the bucket', () => {
    expect(onReports('get-evidence')).toEqual([
      { Action: [...EVIDENCE_PACK_ACTIONS].sort(), Resource: `arn:aws:s3:::${reportsBucket}/evidence/*` },
    ]);
    for (const definition of functionCatalog.filter((d) => d.reports === undefined))
      expect(onReports(definition.name), definition.name).toEqual([]);
  });

  it('uses the data key through S3 only, and names the bucket and the key', () => {
    const kms = policyOf(roleOf('get-evidence')).filter(
      (s) => [s.Action].flat().includes('kms:GenerateDataKey') && JSON.stringify(s.Condition ?? {}).includes('s3.'),
    );
    expect(kms).toHaveLength(1);
    expect([kms[0]?.Action].flat().sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(kms[0]?.Condition).toEqual({ StringEquals: { 'kms:ViaService': `s3.${TEST_ENV.region}.amazonaws.com` } });
    const env = environmentOf('get-evidence');
    expect(env.REPORTS_BUCKET).toBe(reportsBucket);
    expect(env.REPORTS_KMS_KEY_ID).toEqual(kms[0]?.Resource);
    for (const definition of functionCatalog.filter((d) => d.reports === undefined))
      expect(environmentOf(definition.name), definition.name).not.toHaveProperty('REPORTS_BUCKET');
  });
});
