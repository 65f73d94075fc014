/**
 * The CDK app (`cdk synth`, `cdk deploy`; see cdk.json). The region is required: `-c region=eu-west-3` or
 * `AWS_REGION` (never the us-east-1 the CDK CLI falls back to). Context: `-c stage=prod`,
 * `-c alarmEmails=a@x.org,b@x.org`, `-c archiveRetentionDays=14` (at most 30, see config.ts),
 * `-c ledgerAnchorRetentionDays=1095`, `-c logRetentionDays=180`, `-c logLevel=DEBUG`, `-c contributorInsights=true`;
 * the HTTP API: `-c corsOrigins=https://app.example.org`, `-c apiThrottleRate=50`, `-c apiThrottleBurst=100`;
 * sign-in: `-c authCallbackUrls=https://app.example.org/callback`, `-c authLogoutUrls=https://app.example.org/`,
 * `-c authDomainPrefix=example-compliance` (default `ccc-compliance-<stage>-stateless-<account>`); the dashboard (CloudFront,
 * output `DashboardUrl`): `-c dashboardDomainNames=compliance.example.org` with
 * `-c dashboardCertificateArn=arn:aws:acm:us-east-1:<account>:certificate/<id>`, and
 * `-c dashboardWebAclArn=arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>`. Every key is read and validated
 * in `config.ts`.
 *
 * Vendor feeds. `-c vendorMapping=config/vendor-mapping.json` (a file relative to the repository root, inline JSON, or
 * an object in cdk.json): the tenant and centre of each vendor contact, validated at synthesis and written to an SSM
 * parameter the translators and the contact-record consumer read (`VENDOR_MAPPING_PARAMETER`, cached a minute, so
 * `aws ssm put-parameter --overwrite` changes it without a redeploy); without it the mapping is empty and every vendor
 * contact is dead-lettered (synthesis warns). Amazon Connect contact events are always forwarded from the default bus.
 * `-c genesysPartnerEventSource=aws.partner/genesys.com/cloud/<organization>/<name>`: the Genesys Cloud partner event
 * source, whose bus is created and forwarded. `-c connectCtrStreamArn=arn:aws:kinesis:<region>:<account>:stream/<name>`:
 * the Amazon Connect contact-record stream, consumed by `ingest-connect-ctr-stream`, with
 * `-c connectCtrStartingPosition=TRIM_HORIZON|LATEST` (default TRIM_HORIZON) and, for a stream encrypted with a
 * customer-managed key, `-c connectCtrStreamKeyArn=arn:aws:kms:<region>:<account>:key/<id>`.
 */
import { createComplianceApp } from './stacks/compliance-app.js';

createComplianceApp().app.synth();
