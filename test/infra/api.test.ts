import type { CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.js';
import type { StatefulStack } from '../../infra/stacks/stateful-stack.js';
import type { StatelessStack } from '../../infra/stacks/stateless-stack.js';
import { isTenantScoped } from '../../shared/http/api-route.js';
import { TENANTS_CLAIM } from '../../shared/http/principal.js';
import { SYNTH_TIMEOUT_MS, testApp } from './support/app.js';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Join = { 'Fn::Join': [string, unknown[]] };

const key = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
const jwtRoutes = routes.filter((route) => route.authorization === 'jwt');
const publicRoutes = routes.filter((route) => route.authorization === 'none');

describe('API: HTTP API, JWT authorizer and sign-in client (default settings)', () => {
  let stateless: StatelessStack;
  let stateful: StatefulStack;
  let template: Template;
  let statefulTemplate: Template;
  let resources: Record<string, Resource>;
  const idOf = (stack: StatelessStack | StatefulStack, construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnResource);
  const fnId = (name: string) => idOf(stateless, stateless.functions.get(name)!.function);

  beforeAll(() => {
    // Prepare: the cdk.json context only, as a first `cdk deploy` would use it.
    const app = testApp();
    stateless = app.stateless;
    stateful = app.stateful;
    // Act
    template = Template.fromStack(stateless);
    statefulTemplate = Template.fromStack(stateful);
    resources = template.toJSON().Resources;
  }, SYNTH_TIMEOUT_MS);

  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const routeResource = (routeKey: string) => {
    const found = ofType('AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.RouteKey === routeKey);
    expect(found, routeKey).toHaveLength(1);
    return found[0]![1].Properties;
  };
  const authorizerId = () => {
    const authorizers = ofType('AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    return authorizers[0]![0];
  };

  describe('routes', () => {
    it('creates one route per entry of functions/routes.ts, and no other', () => {
      expect(
        ofType('AWS::ApiGatewayV2::Route')
          .map(([, r]) => r.Properties.RouteKey)
          .sort(),
      ).toEqual(routes.map(key).sort());
    });

    it.each(routes.map((route) => [key(route), route] as const))(
      '%s is integrated with the function that serves it (payload 2.0)',
      (routeKey, route) => {
        const target = routeResource(routeKey).Target as Join;
        const integrationId = (target['Fn::Join'][1][1] as { Ref: string }).Ref;
        expect(target['Fn::Join'][1][0]).toBe('integrations/');
        expect(resources[integrationId]?.Properties).toMatchObject({
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: { 'Fn::GetAtt': [fnId(route.function), 'Arn'] },
          PayloadFormatVersion: '2.0',
        });
      },
    );

    it.each(jwtRoutes.map((route) => [key(route)] as const))('%s requires a JWT from the user pool', (routeKey) => {
      expect(routeResource(routeKey)).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId() },
      });
    });

    it.each(publicRoutes.map((route) => [key(route)] as const))('%s is public: no authorizer', (routeKey) => {
      const route = routeResource(routeKey);
      expect(route.AuthorizationType).toBe('NONE');
      expect(route.AuthorizerId).toBeUndefined();
    });

    it('keeps every tenant-scoped route behind the authorizer', () => {
      const tenantRoutes = routes.filter(isTenantScoped);
      expect(tenantRoutes.length).toBeGreaterThan(0);
      for (const route of tenantRoutes) expect(routeResource(key(route)).AuthorizationType).toBe('JWT');
    });

    it.each(routes.map((route) => [key(route), route] as const))(
      '%s may invoke its function through that route only',
      (_routeKey, route) => {
        const permissions = ofType('AWS::Lambda::Permission')
          .map(([, permission]) => permission.Properties)
          .filter((p) => p.Principal === 'apigateway.amazonaws.com')
          .filter(
            (p) => JSON.stringify(p.FunctionName) === JSON.stringify({ 'Fn::GetAtt': [fnId(route.function), 'Arn'] }),
          );
        const sourceArns = permissions.map((p) => (p.SourceArn as Join)['Fn::Join'][1].at(-1));
        expect(sourceArns).toContain(`/*/*${route.path}`);
        expect(sourceArns.every((arn) => arn !== '/*/*/*')).toBe(true);
      },
    );
  });

  describe('JWT authorizer', () => {
    it('reads the bearer token from the Authorization header', () => {
      expect(resources[authorizerId()]?.Properties).toMatchObject({
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
      });
    });

    it("accepts the web client's tokens only (audience)", () => {
      const [clientId] = ofType('AWS::Cognito::UserPoolClient').map(([id]) => id);
      expect(resources[authorizerId()]?.Properties.JwtConfiguration).toMatchObject({ Audience: [{ Ref: clientId }] });
    });

    it("trusts the stateful stack's user pool as issuer", () => {
      const { JwtConfiguration } = resources[authorizerId()]!.Properties as { JwtConfiguration: { Issuer: Join } };
      const issuer = JwtConfiguration.Issuer['Fn::Join'][1];
      expect(issuer.slice(0, 3)).toEqual(['https://cognito-idp.eu-west-3.', { Ref: 'AWS::URLSuffix' }, '/']);
      const exportName = (issuer[3] as { 'Fn::ImportValue': string })['Fn::ImportValue'];
      const exported = Object.values(statefulTemplate.toJSON().Outputs as Record<string, Record<string, unknown>>).find(
        (output) => (output.Export as { Name?: string } | undefined)?.Name === exportName,
      );
      expect(exported?.Value).toEqual({ Ref: idOf(stateful, stateful.users.userPool) });
    });
  });

  describe('stage', () => {
    const stage = () => {
      const stages = ofType('AWS::ApiGatewayV2::Stage');
      expect(stages).toHaveLength(1);
      return stages[0]![1].Properties;
    };
    const accessLogFields = () =>
      JSON.parse((stage().AccessLogSettings as { Format: string }).Format) as Record<string, string>;

    it('serves the API at the root ($default), deployed automatically, throttled by default', () => {
      expect(stage()).toMatchObject({
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      });
    });

    it('writes a JSON access log line per request: who, what, from where, how it ended', () => {
      expect(accessLogFields()).toMatchObject({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
        sub: '$context.authorizer.claims.sub',
      });
    });

    it('never logs the token, a header, the query string or the body', () => {
      for (const variable of Object.values(accessLogFields())) {
        expect(variable).not.toMatch(/header|authorization|token|querystring|body/i);
      }
    });

    it('keeps the access log retained and encrypted with a rotated key that only CloudWatch Logs may use', () => {
      const logGroupId = (stage().AccessLogSettings as { DestinationArn: { 'Fn::GetAtt': [string] } }).DestinationArn[
        'Fn::GetAtt'
      ][0];
      const logGroup = resources[logGroupId]!;
      expect(logGroup).toMatchObject({ Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'Retain' });
      expect(logGroup.Properties.RetentionInDays).toBe(90);
      const keyId = (logGroup.Properties.KmsKeyId as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
      expect(resources[keyId]?.Properties).toMatchObject({
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: expect.arrayContaining([
            expect.objectContaining({
              Principal: { Service: 'logs.eu-west-3.amazonaws.com' },
              Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': expect.anything() } },
            }),
          ]),
        },
      });
    });

    it('alarms on any 5xx the API answers', () => {
      const [apiId] = ofType('AWS::ApiGatewayV2::Api').map(([id]) => id);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Dimensions: Match.arrayWith([{ Name: 'ApiId', Value: { Ref: apiId } }]),
        AlarmActions: [{ Ref: idOf(stateless, stateless.alarms.topic) }],
      });
    });
  });

  it('has no CORS configuration unless origins are configured', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
  });

  describe('sign-in client', () => {
    const client = () => ofType('AWS::Cognito::UserPoolClient')[0]![1].Properties;

    it('is a public client (no secret) of the user pool', () => {
      template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
      expect(client().GenerateSecret).toBe(false);
      expect(client().UserPoolId).toEqual({ 'Fn::ImportValue': expect.stringContaining('UserPool') });
    });

    it('reads the tenants attribute into tokens but can never write it', () => {
      expect(client().ReadAttributes).toContain(TENANTS_CLAIM);
      expect(client().WriteAttributes).toBeInstanceOf(Array);
      expect(client().WriteAttributes).not.toContain(TENANTS_CLAIM);
      expect(client().WriteAttributes).not.toContain('email');
    });

    it("offers the code grant to the dashboard's callback only, through a hosted domain, with nothing configured", () => {
      expect(client().AllowedOAuthFlows).toEqual(['code']);
      expect(client().CallbackURLs).toEqual([
        { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.any(String), 'DomainName'] }, '/app/callback']] },
      ]);
      template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    });
  });

  it('outputs the API URL, the user pool id and the client id', () => {
    const [apiId] = ofType('AWS::ApiGatewayV2::Api').map(([id]) => id);
    const [clientId] = ofType('AWS::Cognito::UserPoolClient').map(([id]) => id);
    template.hasOutput('ApiUrl', {
      Value: {
        'Fn::Join': ['', ['https://', { Ref: apiId }, Match.stringLikeRegexp('execute-api'), Match.anyValue(), '/']],
      },
    });
    template.hasOutput('UserPoolId', { Value: { 'Fn::ImportValue': Match.stringLikeRegexp('UserPool') } });
    template.hasOutput('UserPoolClientId', { Value: { Ref: clientId } });
  });
});
