import { App } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { DeploymentConfigError, readDeploymentConfig } from '../../infra/config.js';
import { createComplianceApp } from '../../infra/stacks/compliance-app.js';

const read = (context: Record<string, unknown>) => readDeploymentConfig(new App({ context }).node);

describe('Config: deployment context', () => {
  it('has defaults that deploy without any context', () => {
    expect(read({})).toEqual({
      stage: 'dev',
      archiveRetentionDays: 365,
      logRetention: RetentionDays.THREE_MONTHS,
      logLevel: 'INFO',
      alarmEmails: [],
      contributorInsights: false,
      api: { corsOrigins: [], throttleRateLimit: 50, throttleBurstLimit: 100 },
      signIn: { callbackUrls: [], logoutUrls: [], domainPrefix: undefined },
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
      archiveRetentionDays: '730',
      logRetentionDays: '180',
      logLevel: 'debug',
      alarmEmails: 'a@example.org, b@example.org',
      contributorInsights: 'true',
    });
    expect(fromCli).toMatchObject({
      stage: 'prod',
      archiveRetentionDays: 730,
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
  ])('rejects %o before anything is deployed', (context, message) => {
    expect(() => read(context)).toThrow(DeploymentConfigError);
    expect(() => read(context)).toThrow(message);
  });

  it('refuses to build the app without a region', () => {
    expect(() => createComplianceApp({ env: {} })).toThrow(/no region/);
  });
});
