import { App, Stack } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.js';
import { type ComplianceApi, routeKey } from '../../infra/constructs/compliance-api.js';
import { applyComplianceChecks } from '../../infra/stacks/compliance-app.js';
import { readValidationReport, SYNTH_TIMEOUT_MS, testApp } from './support/app.js';

type Report = ReturnType<typeof readValidationReport>;

const awsSolutions = (report: Report) => {
  const plugin = report.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
  if (!plugin) throw new Error('the AwsSolutions pack did not run');
  return plugin;
};

describe('cdk-nag: AwsSolutions', () => {
  let report: Report;
  let api: ComplianceApi;

  beforeAll(() => {
    // Prepare: the app as `cdk synth` builds it offline (region from the profile, no account), bundles included.
    const { app, stateless } = testApp({ checks: true, bundling: true, env: { region: 'eu-west-3' } });
    api = stateless.api;
    // Act: synthesis runs the validation plugins and throws on an unacknowledged error.
    const assembly = app.synth();
    report = readValidationReport(assembly.directory);
  }, SYNTH_TIMEOUT_MS);

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

  it('acknowledges the missing authorization (APIG4) on the public routes only', () => {
    const acknowledged = (awsSolutions(report).suppressedViolations ?? [])
      .filter((finding) => finding.ruleName === 'AwsSolutions-APIG4')
      .flatMap((finding) => finding.violatingConstructs.map((c) => c.constructPath));
    const publicRoutes = routes.filter((route) => route.authorization === 'none');
    expect(publicRoutes.length).toBeGreaterThan(0);
    const expected = publicRoutes.map((route) => `${api.routes.get(routeKey(route))!.node.path}/Resource`);
    expect(acknowledged.sort()).toEqual(expected.sort());
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
