import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.js';
import { SYNTH_TIMEOUT_MS, testApp } from './support/app.js';

const ORIGINS = ['https://compliance.example.org', 'http://localhost:5173'];
const CALLBACK = 'https://compliance.example.org/auth/callback';
const LOGOUT = 'https://compliance.example.org/';

describe('API: settings from the deployment context', () => {
  let template: Template;
  let resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;

  beforeAll(() => {
    // Prepare: every API and sign-in knob set, as `cdk deploy -c key=value` passes them (strings).
    const { stateless } = testApp({
      context: {
        corsOrigins: ORIGINS.join(','),
        apiThrottleRate: '20',
        apiThrottleBurst: '40',
        authCallbackUrls: CALLBACK,
        authLogoutUrls: LOGOUT,
        authDomainPrefix: 'example-compliance',
      },
    });
    // Act
    template = Template.fromStack(stateless);
    resources = template.toJSON().Resources;
  }, SYNTH_TIMEOUT_MS);

  const only = (type: string) => {
    const found = Object.entries(resources).filter(([, resource]) => resource.Type === type);
    expect(found, type).toHaveLength(1);
    return { logicalId: found[0]![0], properties: found[0]![1].Properties };
  };

  describe('CORS', () => {
    const cors = () => only('AWS::ApiGatewayV2::Api').properties.CorsConfiguration as Record<string, unknown>;

    it('allows exactly the configured origins, never any origin', () => {
      expect(cors().AllowOrigins).toEqual(ORIGINS);
    });

    it('sends no credentials (the bearer token is a header the front-end sets)', () => {
      expect(cors().AllowCredentials).toBe(false);
    });

    it("allows only the routes' methods and the headers a front-end needs", () => {
      expect([...(cors().AllowMethods as string[])].sort()).toEqual([...new Set(routes.map((r) => r.method))].sort());
      expect(cors().AllowHeaders).toEqual(['authorization', 'content-type']);
      expect(JSON.stringify(cors())).not.toContain('*');
    });
  });

  it('throttles the stage at the configured rate and burst', () => {
    expect(only('AWS::ApiGatewayV2::Stage').properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: 20,
      ThrottlingBurstLimit: 40,
    });
  });

  describe('sign-in', () => {
    const client = () => only('AWS::Cognito::UserPoolClient').properties;

    it('uses the authorization-code grant (PKCE, no secret) with the configured URLs, never the implicit grant', () => {
      expect(client()).toMatchObject({
        GenerateSecret: false,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: expect.arrayContaining(['openid']),
        // The configured URLs, then the dashboard's on its distribution (test/infra/dashboard.test.ts).
        CallbackURLs: [CALLBACK, { 'Fn::Join': ['', ['https://', expect.anything(), '/app/callback']] }],
        LogoutURLs: [LOGOUT, { 'Fn::Join': ['', ['https://', expect.anything(), '/app/']] }],
        SupportedIdentityProviders: ['COGNITO'],
      });
    });

    it('gets the hosted sign-in domain with the configured prefix, and outputs its URL', () => {
      expect(only('AWS::Cognito::UserPoolDomain').properties).toMatchObject({
        Domain: 'example-compliance',
        UserPoolId: { 'Fn::ImportValue': expect.stringContaining('UserPool') },
      });
      template.hasOutput('SignInUrl', { Value: Match.anyValue() });
    });
  });
});
