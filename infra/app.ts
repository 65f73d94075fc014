/**
 * The CDK app (`cdk synth`, `cdk deploy`; see cdk.json). Context: `-c stage=prod`, `-c alarmEmails=a@x.org,b@x.org`,
 * `-c archiveRetentionDays=730`, `-c logRetentionDays=180`, `-c logLevel=DEBUG`, `-c contributorInsights=true`.
 */
import { createComplianceApp } from './stacks/compliance-app.js';

createComplianceApp().app.synth();
