import {
  App,
  type AppProps,
  CrossStackReferences,
  type Environment,
  ReferenceStrength,
  Tags,
  Validations,
} from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ensureWebBuildSync } from '../../web/build.js';
import { type DeploymentConfig, deploymentRegion, readDeploymentConfig, SERVICE_NAME } from '../config.js';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

/** App properties, plus the switches tests and scripts need. */
export interface ComplianceAppOptions extends AppProps {
  /** Run cdk-nag's AwsSolutions pack at synthesis (default true; tests of stack contents turn it off). */
  checks?: boolean;
  /**
   * Default: the account `CDK_DEFAULT_ACCOUNT` (the CDK CLI sets it from the AWS profile) and the region of
   * {@link deploymentRegion} (context `region`, `AWS_REGION`, `AWS_DEFAULT_REGION`). A region given here wins.
   */
  env?: Environment;
}

/** The app and its stacks, for `app.ts` to synthesise and for tests to inspect. */
export interface ComplianceApp {
  app: App;
  config: DeploymentConfig;
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/**
 * Registers cdk-nag's AwsSolutions pack on the whole app: synthesis fails on any unacknowledged finding, and each
 * acknowledgement (with its reason) is written into the template metadata for auditors.
 */
export function applyComplianceChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
}

/**
 * Builds the whole CDK app: the stateful and stateless stacks of one stage, in the account and region of the
 * CDK environment. The region is required; without an account the templates are account-agnostic.
 * The bus and table have fixed names, so deploy one stage per account and region.
 */
export function createComplianceApp(options: ComplianceAppOptions = {}): ComplianceApp {
  const { checks = true, env: given, ...appProps } = options;
  const app = new App(appProps);
  // Required: a table encrypted with a customer-managed key renders its replica settings per region, and a region
  // nobody chose would hold personal data where it should not be.
  const env: Environment = {
    account: given ? given.account : process.env.CDK_DEFAULT_ACCOUNT,
    region: given?.region ?? deploymentRegion(app.node),
  };
  // Strong (export/import): CloudFormation refuses to remove the data key while the functions still use it.
  CrossStackReferences.of(app).consume(ReferenceStrength.STRONG);
  const config = readDeploymentConfig(app.node);
  // The stateless stack deploys web/dist: rebuilt here when its sources changed, a hash check otherwise.
  ensureWebBuildSync();
  const stackName = (part: string) => `${SERVICE_NAME}-${config.stage}-${part}`;

  const stateful = new StatefulStack(app, 'Stateful', {
    env,
    stackName: stackName('stateful'),
    description: 'Contact-centre compliance: key, table and user pool (retained, deletion-protected)',
    terminationProtection: true,
    contributorInsights: config.contributorInsights,
    stage: config.stage,
    ledgerAnchorRetentionDays: config.ledgerAnchorRetentionDays,
  });
  const stateless = new StatelessStack(app, 'Stateless', {
    env,
    stackName: stackName('stateless'),
    description:
      'Contact-centre compliance: event bus, archive, rules, schedules, vendor feeds, functions, HTTP API, alarms',
    tableName: stateful.tableName,
    dataKey: stateful.key,
    userPool: stateful.users.userPool,
    issuerUrl: stateful.users.issuerUrl,
    config,
  });
  stateless.addStackDependency(stateful, 'the functions use the table, imported by name');

  Tags.of(app).add('service', SERVICE_NAME);
  Tags.of(app).add('stage', config.stage);
  if (checks) applyComplianceChecks(app);
  return { app, config, stateful, stateless };
}
