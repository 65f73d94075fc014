import { App, Stack } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.js';
import { type ComplianceApi, routeKey } from '../../infra/constructs/compliance-api.js';
import type { CursorSigningSecret } from '../../infra/constructs/cursor-signing-secret.js';
import { applyComplianceChecks } from '../../infra/stacks/compliance-app.js';
import { readValidationReport, SYNTH_TIMEOUT_MS, testApp } from './support/app.js';

type Report = ReturnType<typeof readValidationReport>;

const awsSolutions = (report: Report) => {
  const plugin = report.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
  if (!plugin) throw new Error('the AwsSolutions pack did not run');
  return plugin;
};

/**
 * Every optional feed on, and recording sources allowed, so that the checks see everything the app can deploy (the
 * default app is a subset).
 */
const ALL_FEEDS = {
  genesysPartnerEventSource: 'aws.partner/genesys.com/cloud/e2c4a6b8-1d3f-4a5b-8c7d-9e0f1a2b3c4d/ccc-compliance',
  connectCtrStreamArn: 'arn:aws:kinesis:eu-west-3:111122223333:stream/connect-ctr',
  connectCtrStreamKeyArn: 'arn:aws:kms:eu-west-3:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
  vendorMapping: 'config/vendor-mapping.example.json',
  recordingSourceBuckets: 'amazon-connect-recordings-acme',
  recordingSourceKeyArns: 'arn:aws:kms:eu-west-3:111122223333:key/1c2d3e4f-5061-7283-94a5-b6c7d8e9f0a1',
  recordingSourceOrigins: 'https://recordings.telephony.example.com',
};

describe('cdk-nag: AwsSolutions', () => {
  let report: Report;
  let api: ComplianceApi;
  let cursorSecret: CursorSigningSecret;
  let statelessTypes: string[];

  beforeAll(() => {
    // Prepare: the app as `cdk synth` builds it offline (region from the profile, no account), bundles included.
    const { app, stateless } = testApp({
      checks: true,
      bundling: true,
      env: { region: 'eu-west-3' },
      context: ALL_FEEDS,
    });
    api = stateless.api;
    cursorSecret = stateless.cursorSecret;
    // Act: synthesis runs the validation plugins and throws on an unacknowledged error.
    const assembly = app.synth();
    report = readValidationReport(assembly.directory);
    const resources = assembly.getStackArtifact(stateless.artifactId).template.Resources as object;
    statelessTypes = Object.values(resources).map((resource: { Type: string }) => resource.Type);
  }, SYNTH_TIMEOUT_MS);

  it('checks the optional feeds too (schedules, partner bus, stream mapping)', () => {
    expect(statelessTypes).toEqual(
      expect.arrayContaining(['AWS::Scheduler::Schedule', 'AWS::Events::EventBus', 'AWS::Lambda::EventSourceMapping']),
    );
    expect(statelessTypes.filter((type) => type === 'AWS::Events::EventBus')).toHaveLength(2);
  });

  it('finds nothing unacknowledged in the app, warnings included', () => {
    const plugin = awsSolutions(report);
    const findings = plugin.violations.map(
      (v) => `${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath)}`,
    );
    expect(findings).toEqual([]);
    expect(plugin.conclusion).toBe('success');
  });

  it('acknowledges each finding with a specific reason', () => {
    const acknowledged = awsSolutions(report).suppressedViolations ?? [];
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const finding of acknowledged) {
      expect(finding.reason?.length, finding.ruleName).toBeGreaterThan(40);
    }
  });

  it('only acknowledges granular IAM findings, never a whole IAM rule', () => {
    const ids = (awsSolutions(report).suppressedViolations ?? []).map((finding) => finding.acknowledgedId);
    expect(ids.filter((id) => /AwsSolutions-IAM\d+$/.test(id))).toEqual([]);
  });

  it("acknowledges, on each schedule's role, only the versions of the function it invokes (IAM5)", () => {
    const acknowledged = (awsSolutions(report).suppressedViolations ?? []).filter(
      (finding) =>
        finding.ruleName.startsWith('AwsSolutions-IAM') &&
        finding.violatingConstructs.some((c) => c.constructPath.includes('/Schedules/')),
    );
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const finding of acknowledged) {
      expect(finding.acknowledgedId).toMatch(/^AwsSolutions::AwsSolutions-IAM5\[Resource::<\w+\.Arn>:\*\]$/);
    }
  });

  it('acknowledges the missing authorization (APIG4) on the public routes only', () => {
    const acknowledged = (awsSolutions(report).suppressedViolations ?? [])
      .filter((finding) => finding.ruleName === 'AwsSolutions-APIG4')
      .flatMap((finding) => finding.violatingConstructs.map((c) => c.constructPath));
    const publicRoutes = routes.filter((route) => route.authorization === 'none');
    expect(publicRoutes.length).toBeGreaterThan(0);
    const expected = publicRoutes.map((route) => `${api.routes.get(routeKey(route))!.node.path}/Resource`);
    expect(acknowledged.sort()).toEqual(expected.sort());
  });

  it('acknowledges the missing rotation (SMG4) on the cursor-signing secret only, for what rotation would cost', () => {
    const acknowledged = (awsSolutions(report).suppressedViolations ?? []).filter((finding) =>
      finding.ruleName.startsWith('AwsSolutions-SMG'),
    );
    expect(acknowledged.map((finding) => finding.ruleName)).toEqual(['AwsSolutions-SMG4']);
    expect(acknowledged[0]!.violatingConstructs.map((c) => c.constructPath)).toEqual([
      `${cursorSecret.secret.node.path}/Resource`,
    ]);
    expect(acknowledged[0]!.reason).toMatch(/invalidates the cursors outstanding/);
  });

  it('fails synthesis on a non-compliant resource (the checks are really wired)', () => {
    // Prepare: a queue that allows plain HTTP and has no dead-letter queue.
    const app = new App();
    applyComplianceChecks(app);
    new Queue(new Stack(app, 'Scratch'), 'Plain');
    // Act + Assess
    expect(() => app.synth()).toThrow(/Scratch\/Plain\/Resource[\s\S]*'AwsSolutions::AwsSolutions-SQS4'/);
  });
});
