/**
 * The CDK app (`cdk synth`, `cdk deploy`; see cdk.json). Context: `-c stage=prod`, `-c alarmEmails=a@x.org,b@x.org`,
 * `-c archiveRetentionDays=730`, `-c logRetentionDays=180`, `-c logLevel=DEBUG`, `-c contributorInsights=true`;
 * the HTTP API: `-c corsOrigins=https://app.example.org`, `-c apiThrottleRate=50`, `-c apiThrottleBurst=100`;
 * sign-in: `-c authCallbackUrls=https://app.example.org/callback`, `-c authLogoutUrls=https://app.example.org/`,
 * `-c authDomainPrefix=example-compliance`. Every key is read and validated in `config.ts`.
 */
import { createComplianceApp } from './stacks/compliance-app.js';

createComplianceApp().app.synth();
