import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { DeploymentConfigError, PROJECT_ROOT, readDeploymentConfig } from '../../infra/config.js';
import { createComplianceApp } from '../../infra/stacks/compliance-app.js';
import { decodeVendorMapping, encodeVendorMapping } from '../../shared/adapters/vendor-mapping-encoding.js';
import { VendorMapping } from '../../shared/domain/vendor/vendor-mapping.js';

const read = (context: Record<string, unknown>) => readDeploymentConfig(new App({ context }).node);

const EXAMPLE_MAPPING_FILE = 'config/vendor-mapping.example.json';
const exampleMapping = JSON.parse(readFileSync(join(PROJECT_ROOT, EXAMPLE_MAPPING_FILE), 'utf8')) as VendorMapping;
const GENESYS_SOURCE = 'aws.partner/genesys.com/cloud/e2c4a6b8-1d3f-4a5b-8c7d-9e0f1a2b3c4d/ccc-compliance';
const CTR_STREAM = 'arn:aws:kinesis:eu-west-3:111122223333:stream/connect-ctr';

describe('Config: deployment context', () => {
  it('has defaults that deploy without any context', () => {
    expect(read({})).toEqual({
      stage: 'dev',
      // Archived events cannot be erased one by one: they must be gone within the month an erasure may take.
      archiveRetentionDays: 30,
      ledgerAnchorRetentionDays: 1095,
      logRetention: RetentionDays.THREE_MONTHS,
      logLevel: 'INFO',
      alarmEmails: [],
      contributorInsights: false,
      api: { corsOrigins: [], throttleRateLimit: 50, throttleBurstLimit: 100 },
      signIn: { callbackUrls: [], logoutUrls: [], domainPrefix: undefined },
      // Served at its *.cloudfront.net name with CloudFront's certificate until a domain is configured.
      dashboard: { domainNames: [], certificateArn: undefined, webAclArn: undefined },
      vendorSources: { genesysPartnerEventSource: undefined, connectCtrStream: undefined },
      // In AWS nothing is mapped until an operator says so: vendor contacts are dead-lettered, never misplaced.
      vendorMapping: { origin: undefined, json: '{"instances":[]}' },
      // No recording is fetched from anywhere until an operator names its platform's bucket or origin.
      recordingSources: { buckets: [], keyArns: [], origins: [] },
    });
  });

  it('reads the recording sources, as lists or comma-separated strings', () => {
    const key = 'arn:aws:kms:eu-west-3:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
    const config = read({
      recordingSourceBuckets: 'amazon-connect-acme, recordings.acme.example',
      recordingSourceKeyArns: [key],
      recordingSourceOrigins: 'https://recordings.telephony.example.com,https://media.example.org:8443',
    });
    expect(config.recordingSources).toEqual({
      buckets: ['amazon-connect-acme', 'recordings.acme.example'],
      keyArns: [key],
      origins: ['https://recordings.telephony.example.com', 'https://media.example.org:8443'],
    });
  });

  it('reads the vendor feeds', () => {
    const config = read({
      genesysPartnerEventSource: GENESYS_SOURCE,
      connectCtrStreamArn: CTR_STREAM,
      connectCtrStartingPosition: 'latest',
      connectCtrStreamKeyArn: 'arn:aws:kms:eu-west-3:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
    });
    expect(config.vendorSources).toEqual({
      genesysPartnerEventSource: GENESYS_SOURCE,
      connectCtrStream: {
        streamArn: CTR_STREAM,
        startingPosition: 'LATEST',
        keyArn: 'arn:aws:kms:eu-west-3:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
      },
    });
    expect(read({ connectCtrStreamArn: CTR_STREAM }).vendorSources.connectCtrStream?.startingPosition).toBe(
      'TRIM_HORIZON',
    );
  });

  describe('vendor mapping', () => {
    const placements = (json: string) =>
      VendorMapping.parse(JSON.parse(json)).instances.map(({ vendor, instance, default: fallback, queues }) => ({
        vendor,
        instance,
        fallback,
        queues,
      }));
    const expected = placements(JSON.stringify(exampleMapping));

    it('reads a file relative to the repository root, whatever the working directory', () => {
      const { vendorMapping } = read({ vendorMapping: EXAMPLE_MAPPING_FILE });
      expect(vendorMapping.origin).toBe(join(PROJECT_ROOT, EXAMPLE_MAPPING_FILE));
      expect(placements(vendorMapping.json)).toEqual(expected);
    });

    it('reads an object (cdk.json) and inline JSON (-c vendorMapping=...) alike', () => {
      expect(placements(read({ vendorMapping: exampleMapping }).vendorMapping.json)).toEqual(expected);
      expect(placements(read({ vendorMapping: JSON.stringify(exampleMapping) }).vendorMapping.json)).toEqual(expected);
      expect(read({ vendorMapping: exampleMapping }).vendorMapping.origin).toBe('inline');
    });

    it('drops the descriptions, which only document the file, to spare the 4 KB of Lambda environment', () => {
      expect(read({ vendorMapping: exampleMapping }).vendorMapping.json).not.toContain('description');
    });

    it.each([
      [{ instances: [{ vendor: 'amazon-connect' }] }, /not a valid vendor mapping: instances\.0\.instance/],
      ['{"instances": [', /VENDOR_MAPPING is not JSON/],
      ['config/no-such-mapping.json', /no-such-mapping\.json cannot be read/],
      [{ instances: [exampleMapping.instances[0], exampleMapping.instances[0]] }, /is mapped twice/],
    ])('refuses %j with the reason the functions would give', (vendorMapping, reason) => {
      expect(() => read({ vendorMapping })).toThrow(DeploymentConfigError);
      expect(() => read({ vendorMapping })).toThrow(reason);
    });

    const queueRoutes = (count: number) => ({
      instances: [
        {
          vendor: 'amazon-connect',
          instance: 'instance-1',
          queues: Array.from({ length: count }, (_, i) => ({
            queue: `queue-${i}`,
            tenantId: 'acme',
            centerId: 'lyon-1',
          })),
        },
      ],
    });

    it('accepts more queue routes than a Lambda environment could hold (4 KB)', () => {
      const { vendorMapping } = read({ vendorMapping: queueRoutes(120) });
      expect(Buffer.byteLength(vendorMapping.json)).toBeGreaterThan(4_096);
    });

    it('holds hundreds of queue routes in one parameter, compressed', () => {
      const { vendorMapping } = read({ vendorMapping: queueRoutes(600) });
      const stored = encodeVendorMapping(vendorMapping.json);
      expect(Buffer.byteLength(vendorMapping.json)).toBeGreaterThan(8_192);
      expect(stored.startsWith('gzip:')).toBe(true);
      expect(Buffer.byteLength(stored)).toBeLessThanOrEqual(8_192);
      expect(decodeVendorMapping(stored)).toBe(vendorMapping.json);
    });

    it('refuses a mapping too large for an SSM parameter even compressed', () => {
      const random = () => crypto.randomUUID();
      const routes = {
        instances: [
          {
            vendor: 'amazon-connect',
            instance: 'instance-1',
            queues: Array.from({ length: 1_000 }, () => ({ queue: random(), tenantId: 'acme', centerId: 'lyon-1' })),
          },
        ],
      };
      expect(() => read({ vendorMapping: routes })).toThrow(
        /bytes \(descriptions dropped, compressed\), over the 8192 bytes of an SSM parameter/,
      );
    });
  });

  it('reads the API and sign-in settings', () => {
    const config = read({
      corsOrigins: 'https://app.example.org, http://localhost:5173',
      apiThrottleRate: '20',
      apiThrottleBurst: 40,
      authCallbackUrls: ['https://app.example.org/callback', 'http://localhost:5173/callback'],
      authLogoutUrls: 'https://app.example.org/',
      authDomainPrefix: 'acme-compliance',
    });
    expect(config.api).toEqual({
      corsOrigins: ['https://app.example.org', 'http://localhost:5173'],
      throttleRateLimit: 20,
      throttleBurstLimit: 40,
    });
    expect(config.signIn).toEqual({
      callbackUrls: ['https://app.example.org/callback', 'http://localhost:5173/callback'],
      logoutUrls: ['https://app.example.org/'],
      domainPrefix: 'acme-compliance',
    });
  });

  it('reads command-line strings (-c key=value) as well as cdk.json values', () => {
    const fromCli = read({
      stage: 'prod',
      archiveRetentionDays: '14',
      ledgerAnchorRetentionDays: '2555',
      logRetentionDays: '180',
      logLevel: 'debug',
      alarmEmails: 'a@example.org, b@example.org',
      contributorInsights: 'true',
    });
    expect(fromCli).toMatchObject({
      stage: 'prod',
      archiveRetentionDays: 14,
      ledgerAnchorRetentionDays: 2555,
      logRetention: RetentionDays.SIX_MONTHS,
      logLevel: 'DEBUG',
      alarmEmails: ['a@example.org', 'b@example.org'],
      contributorInsights: true,
    });
    expect(read({ alarmEmails: ['a@example.org'] }).alarmEmails).toEqual(['a@example.org']);
  });

  it.each([
    [{ stage: 'Prod_1' }, /stage/],
    [{ archiveRetentionDays: '0' }, /archiveRetentionDays/],
    [{ archiveRetentionDays: 365 }, /archiveRetentionDays must be at most 30, got 365: .*erasure/],
    [{ ledgerAnchorRetentionDays: 'forever' }, /ledgerAnchorRetentionDays/],
    [{ logRetentionDays: 100 }, /logRetentionDays must be one of/],
    [{ logLevel: 'TRACE' }, /logLevel/],
    [{ alarmEmails: 'oncall' }, /alarmEmails has invalid addresses: oncall/],
    [{ corsOrigins: '*' }, /corsOrigins has invalid origins/],
    [{ corsOrigins: 'http://app.example.org' }, /corsOrigins has invalid origins.*: http:\/\/app\.example\.org$/],
    [{ corsOrigins: 'https://app.example.org/' }, /corsOrigins has invalid origins/],
    [{ apiThrottleRate: '-1' }, /apiThrottleRate/],
    [{ authCallbackUrls: 'http://app.example.org/callback' }, /authCallbackUrls has invalid URLs/],
    [{ authDomainPrefix: 'my-cognito-login' }, /authDomainPrefix/],
    [{ authDomainPrefix: 'Acme_Login' }, /authDomainPrefix/],
    [{ genesysPartnerEventSource: 'aws.partner/example.com/cloud/org/name' }, /genesysPartnerEventSource/],
    [{ genesysPartnerEventSource: 'aws.partner/genesys.com' }, /genesysPartnerEventSource/],
    [{ connectCtrStreamArn: 'connect-ctr' }, /connectCtrStreamArn must be a Kinesis stream ARN/],
    [{ connectCtrStartingPosition: 'AT_TIMESTAMP' }, /connectCtrStartingPosition/],
    [{ connectCtrStreamKeyArn: 'arn:aws:kms:eu-west-3:111122223333:alias/ctr' }, /connectCtrStreamKeyArn/],
    [{ recordingSourceBuckets: 's3://amazon-connect-acme' }, /recordingSourceBuckets has invalid bucket names/],
    [{ recordingSourceBuckets: 'arn:aws:s3:::amazon-connect-acme' }, /recordingSourceBuckets/],
    [{ recordingSourceKeyArns: 'alias/aws/connect' }, /recordingSourceKeyArns has invalid KMS key ARNs/],
    [{ recordingSourceOrigins: 'http://recordings.example.com' }, /recordingSourceOrigins has invalid origins/],
    [{ recordingSourceOrigins: 'https://recordings.example.com/calls' }, /recordingSourceOrigins/],
    [{ recordingSourceOrigins: 'https://localhost' }, /recordingSourceOrigins/],
  ])('rejects %o before anything is deployed', (context, message) => {
    expect(() => read(context)).toThrow(DeploymentConfigError);
    expect(() => read(context)).toThrow(message);
  });

  describe('the region', () => {
    const unset = { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined, CDK_DEFAULT_REGION: undefined };
    const withEnv = <T>(env: Record<string, string | undefined>, fn: () => T): T => {
      const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
      const set = (values: Record<string, string | undefined>) => {
        for (const [name, value] of Object.entries(values)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      };
      set(env);
      try {
        return fn();
      } finally {
        set(saved);
      }
    };

    it('refuses to build the app without one, rather than taking the us-east-1 the CDK CLI falls back to', () => {
      // What `cdk synth` passes when the AWS profile names no region.
      withEnv({ ...unset, CDK_DEFAULT_REGION: 'us-east-1' }, () => {
        expect(() => createComplianceApp()).toThrow(DeploymentConfigError);
        expect(() => createComplianceApp()).toThrow(/no region: pass -c region=<region> \(or set AWS_REGION\)/);
        expect(() => createComplianceApp({ env: {} })).toThrow(/no region/);
      });
    });

    it('takes it from context region, else from AWS_REGION', () => {
      withEnv({ ...unset, CDK_DEFAULT_REGION: 'us-east-1', AWS_REGION: 'eu-central-1' }, () => {
        // No bundling: only where the stacks go matters here.
        const noBundling = { 'aws:cdk:bundling-stacks': [] };
        expect(createComplianceApp({ checks: false, context: noBundling }).stateful.region).toBe('eu-central-1');
        const fromContext = createComplianceApp({ checks: false, context: { ...noBundling, region: 'eu-west-3' } });
        expect(fromContext.stateless.region).toBe('eu-west-3');
      });
      withEnv(unset, () => {
        expect(() => createComplianceApp({ context: { region: 'Paris' } })).toThrow(/context region must be/);
      });
    });
  });

  it('refuses to build the app with an invalid vendor mapping, saying why', () => {
    const context = { vendorMapping: { instances: [{ vendor: 'avaya', instance: 'x' }] } };
    expect(() => createComplianceApp({ env: { region: 'eu-west-3' }, context })).toThrow(
      /context vendorMapping: VENDOR_MAPPING is not a valid vendor mapping: instances\.0\.vendor/,
    );
  });
});
