import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeploymentConfigError, readDeploymentConfig } from '../../infra/config.js';
import { HASHED_ASSET_CACHE_CONTROL } from '../../infra/constructs/dashboard-hosting.js';
import { DASHBOARD_ROUTING_CODE } from '../../infra/constructs/dashboard-routing.js';
import type { StatelessStack } from '../../infra/stacks/stateless-stack.js';
import { contentSecurityPolicy, SECURITY_HEADERS } from '../../web/security-headers.js';
import { readValidationReport, SYNTH_TIMEOUT_MS, TEST_ENV, testApp } from './support/app.js';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Principal?: unknown; Condition?: unknown };
type Behaviour = {
  PathPattern?: string;
  TargetOriginId: string;
  ViewerProtocolPolicy: string;
  ResponseHeadersPolicyId: unknown;
  FunctionAssociations?: unknown;
};
type Origin = {
  Id: string;
  DomainName: unknown;
  OriginAccessControlId?: unknown;
  S3OriginConfig?: { OriginAccessIdentity: string };
  CustomOriginConfig?: unknown;
};
type DistributionConfig = Record<string, unknown> & {
  DefaultCacheBehavior: Behaviour;
  CacheBehaviors: Behaviour[];
  Origins: Origin[];
};
/** A bucket deployment's custom resource properties. */
type DeploymentProperties = Record<string, unknown> & {
  SourceObjectKeys: string[];
  SourceMarkers: Record<string, unknown>[];
};

const CERTIFICATE = 'arn:aws:acm:us-east-1:111122223333:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const WEB_ACL = 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/dashboard/a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const CUSTOM_DOMAIN = {
  dashboardDomainNames: 'compliance.example.org',
  dashboardCertificateArn: CERTIFICATE,
  dashboardWebAclArn: WEB_ACL,
  authDomainPrefix: 'example-compliance',
};

/** Runs the viewer-request code CloudFront runs, on a request for `uri`. */
function route(uri: string): { uri?: string; statusCode?: number; headers?: Record<string, { value: string }> } {
  const handler = new Function(`${DASHBOARD_ROUTING_CODE}; return handler;`)() as (event: unknown) => never;
  return handler({ request: { uri, headers: {}, querystring: {} } });
}

function filesUnder(path: string): string[] {
  return statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => filesUnder(join(path, name))) : [path];
}

describe('Dashboard: S3, CloudFront and sign-in (default settings)', () => {
  let stateless: StatelessStack;
  let template: Template;
  let resources: Record<string, Resource>;
  let assemblyDirectory: string;
  const idOf = (construct: { node: { defaultChild?: unknown } }) =>
    stateless.getLogicalId(construct.node.defaultChild as CfnResource);
  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const distributionConfig = () =>
    resources[idOf(stateless.dashboard.distribution)]!.Properties.DistributionConfig as DistributionConfig;
  const deployment = (prefix: string) => {
    const found = ofType('Custom::CDKBucketDeployment').filter(
      ([, r]) => r.Properties.DestinationBucketKeyPrefix === prefix,
    );
    expect(found, prefix).toHaveLength(1);
    return found[0]![1].Properties as DeploymentProperties;
  };

  beforeAll(() => {
    // Prepare: the cdk.json context only, as a first `cdk deploy` would use it.
    const app = testApp();
    stateless = app.stateless;
    // Act
    assemblyDirectory = app.app.synth().directory;
    template = Template.fromStack(stateless);
    resources = template.toJSON().Resources;
  }, SYNTH_TIMEOUT_MS);

  describe('the bundle bucket', () => {
    const bucketId = () => idOf(stateless.dashboard.bucket);

    it('is fully private: public access blocked, ACLs off, encrypted, no website endpoint', () => {
      expect(resources[bucketId()]!.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: expect.any(Object) }],
        },
        LoggingConfiguration: { DestinationBucketName: { Ref: idOf(stateless.dashboard.logs) } },
      });
      expect(resources[bucketId()]!.Properties.WebsiteConfiguration).toBeUndefined();
    });

    it('lets only this distribution read objects (origin access control), and refuses plain HTTP', () => {
      const [policy] = ofType('AWS::S3::BucketPolicy').filter(([, r]) => {
        return JSON.stringify(r.Properties.Bucket) === JSON.stringify({ Ref: bucketId() });
      });
      const statements = (policy![1].Properties.PolicyDocument as { Statement: Statement[] }).Statement;
      const reads = statements.filter(
        (s) => s.Effect === 'Allow' && [s.Action].flat().some((action) => /^s3:(GetObject|\*)/.test(action)),
      );
      expect(reads).toEqual([
        expect.objectContaining({
          Action: 's3:GetObject',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Condition: {
            StringEquals: {
              'AWS:SourceArn': {
                'Fn::Join': ['', expect.arrayContaining([{ Ref: idOf(stateless.dashboard.distribution) }])],
              },
            },
          },
        }),
      ]);
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    });

    it('is reached through an origin access control that signs every request (SigV4 always), never an OAI', () => {
      const [[oacId, oac]] = ofType('AWS::CloudFront::OriginAccessControl') as [[string, Resource]];
      expect(oac.Properties.OriginAccessControlConfig).toMatchObject({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      });
      template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
      const s3Origin = distributionConfig().Origins.find((origin) => origin.S3OriginConfig)!;
      expect(s3Origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] });
      expect(s3Origin.S3OriginConfig?.OriginAccessIdentity).toBe('');
    });
  });

  describe('the distribution', () => {
    it('redirects HTTP to HTTPS on every behaviour, and speaks HTTP/2 and HTTP/3', () => {
      const config = distributionConfig();
      const behaviours = [config.DefaultCacheBehavior, ...config.CacheBehaviors];
      expect(behaviours.length).toBeGreaterThan(1);
      for (const behaviour of behaviours) expect(behaviour.ViewerProtocolPolicy).toBe('redirect-to-https');
      expect(config.HttpVersion).toBe('http2and3');
    });

    it('logs every request to the log bucket', () => {
      expect(distributionConfig().Logging).toMatchObject({
        Bucket: { 'Fn::GetAtt': [idOf(stateless.dashboard.logs), 'RegionalDomainName'] },
      });
    });

    it('serves deep links through a viewer-request function, not custom error responses that would hide errors', () => {
      const config = distributionConfig();
      expect(config.CustomErrorResponses).toBeUndefined();
      expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
        { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [expect.any(String), 'FunctionARN'] } },
      ]);
      template.hasResourceProperties('AWS::CloudFront::Function', {
        FunctionCode: DASHBOARD_ROUTING_CODE,
        FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
      });
    });

    it('forwards /v1/* to the HTTP API uncached, with every viewer header but Host (the bearer token included)', () => {
      const api = distributionConfig().CacheBehaviors.find((b) => b.PathPattern === '/v1/*')!;
      expect(api).toMatchObject({
        AllowedMethods: expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']),
        CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
        OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      });
      const origin = distributionConfig().Origins.find((o) => o.Id === api.TargetOriginId)!;
      expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
      expect(JSON.stringify(origin.DomainName)).toContain(idOf(stateless.api.httpApi));
      expect(JSON.stringify(origin.DomainName)).toContain('.execute-api.');
      // Same origin: the API needs no CORS for the page.
      template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
    });

    it('uses the default certificate when no domain is configured (acknowledged, not silently)', () => {
      expect(distributionConfig().ViewerCertificate).toBeUndefined();
      expect(distributionConfig().Aliases).toBeUndefined();
    });

    it('outputs the dashboard URL under /app/', () => {
      template.hasOutput('DashboardUrl', {
        Value: {
          'Fn::Join': [
            '',
            ['https://', { 'Fn::GetAtt': [idOf(stateless.dashboard.distribution), 'DomainName'] }, '/app/'],
          ],
        },
      });
    });
  });

  describe('the routing function', () => {
    it.each([
      ['/', '/app/'],
      ['/app', '/app/'],
    ])('redirects %s to %s', (uri, location) => {
      expect(route(uri)).toMatchObject({ statusCode: 302, headers: { location: { value: location } } });
    });

    it.each(['/app/', '/app/callback', '/app/tenants/acme/kpis'])('serves index.html for the deep link %s', (uri) => {
      expect(route(uri).uri).toBe('/app/index.html');
    });

    it.each(['/app/assets/index-abc123.js', '/app/config.json', '/v1/tenants/acme/kpis', '/other'])(
      'leaves %s to S3 as it is (a missing file stays an error)',
      (uri) => {
        expect(route(uri).uri).toBe(uri);
      },
    );
  });

  describe('security headers', () => {
    const headers = () => {
      const [[, policy]] = ofType('AWS::CloudFront::ResponseHeadersPolicy') as [[string, Resource]];
      return (policy.Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, unknown> })
        .SecurityHeadersConfig;
    };

    it('sends the CSP of web/security-headers.ts, which lets the page talk to the hosted sign-in domain only', () => {
      const expected = stateless.resolve(contentSecurityPolicy({ connectSources: [stateless.api.signIn.domainUrl] }));
      expect(headers().ContentSecurityPolicy).toEqual({ ContentSecurityPolicy: expected, Override: true });
      expect(JSON.stringify(expected)).toContain(idOf(stateless.api.signIn.domain));
      expect(JSON.stringify(expected)).toContain('.auth.eu-west-3.amazoncognito.com');
    });

    it('sends HSTS, nosniff, frame DENY and no referrer, on the page and on the API', () => {
      expect(headers()).toMatchObject({
        StrictTransportSecurity: {
          AccessControlMaxAgeSec: SECURITY_HEADERS.strictTransportSecurity.maxAgeSeconds,
          IncludeSubdomains: true,
          Override: true,
        },
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      });
      const config = distributionConfig();
      const policyId = { Ref: ofType('AWS::CloudFront::ResponseHeadersPolicy')[0]![0] };
      for (const behaviour of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
        expect(behaviour.ResponseHeadersPolicyId).toEqual(policyId);
      }
    });
  });

  describe('sign-in', () => {
    const client = () => ofType('AWS::Cognito::UserPoolClient')[0]![1].Properties;
    const onTheDistribution = (path: string) => ({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [idOf(stateless.dashboard.distribution), 'DomainName'] }, path]],
    });

    it("lets the hosted UI return to the dashboard's callback, with the code grant only and no secret (PKCE)", () => {
      expect(client()).toMatchObject({
        GenerateSecret: false,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        CallbackURLs: [onTheDistribution('/app/callback')],
        LogoutURLs: [onTheDistribution('/app/')],
      });
    });

    it('gets a hosted domain in every stage, by default named after the stack (its stage) and the account', () => {
      template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
        Domain: `ccc-compliance-dev-stateless-${TEST_ENV.account}`,
      });
    });
  });

  describe('the bundle', () => {
    it('deploys /app/config.json naming the issuer, the API audience (client id) and the hosted domain', () => {
      const entry = deployment('app/');
      const configKey = (entry.SourceObjectKeys as string[]).findIndex((key) =>
        existsSync(join(assemblyDirectory, `asset.${key.replace(/\.zip$/, '')}`, 'config.json')),
      );
      expect(configKey).toBeGreaterThanOrEqual(0);
      const hash = (entry.SourceObjectKeys[configKey] as string).replace(/\.zip$/, '');
      const written = JSON.parse(readFileSync(join(assemblyDirectory, `asset.${hash}`, 'config.json'), 'utf8'));
      const markers = entry.SourceMarkers[configKey] as Record<string, unknown>;
      const substitute = (text: string) =>
        Object.entries(markers)
          .reduce<unknown[]>(
            (parts, [marker, value]) =>
              parts.flatMap((part) =>
                typeof part === 'string'
                  ? part.split(marker).flatMap((piece, i) => (i ? [value, piece] : [piece]))
                  : [part],
              ),
            [text],
          )
          .filter((part) => part !== '');
      expect(written).toMatchObject({ apiBaseUrl: '', environment: 'aws' });
      expect(written.auth.scopes).toEqual(['openid', 'email', 'profile']);
      expect(substitute(written.auth.clientId)).toEqual([{ Ref: idOf(stateless.api.signIn.client) }]);
      expect(substitute(written.auth.issuer)).toEqual([
        'https://cognito-idp.eu-west-3.',
        { Ref: 'AWS::URLSuffix' },
        '/',
        { 'Fn::ImportValue': expect.stringContaining('UserPool') },
      ]);
      expect(substitute(written.auth.domainUrl)).toEqual([
        'https://',
        { Ref: idOf(stateless.api.signIn.domain) },
        '.auth.eu-west-3.amazoncognito.com',
      ]);
    });

    it('caches hashed assets for a year and revalidates index.html and config.json on every load', () => {
      expect(deployment('app/assets/')).toMatchObject({
        SystemMetadata: { 'cache-control': HASHED_ASSET_CACHE_CONTROL },
        Prune: false,
      });
      expect(deployment('app/')).toMatchObject({
        SystemMetadata: { 'cache-control': 'no-cache' },
        Exclude: ['assets/*'],
      });
    });

    it('publishes no source map and no build hash, and does publish the page and its scripts', () => {
      const keys = [...deployment('app/').SourceObjectKeys, ...deployment('app/assets/').SourceObjectKeys] as string[];
      const files = keys.flatMap((key) => filesUnder(join(assemblyDirectory, `asset.${key.replace(/\.zip$/, '')}`)));
      expect(files.filter((file) => file.endsWith('.map') || file.endsWith('.source-hash'))).toEqual([]);
      expect(files.some((file) => file.endsWith('/index.html'))).toBe(true);
      expect(files.some((file) => /\/index-[\w-]+\.js$/.test(file))).toBe(true);
    });

    it('gives the copying function its own role (no AWS-managed policy) and an encrypted log', () => {
      const handler = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('CustomCDKBucketDeployment'));
      expect(handler).toBeDefined();
      const roleId = (handler![1].Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      expect(resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
      const logGroupId = (handler![1].Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(resources[logGroupId]!.Properties.KmsKeyId).toBeDefined();
    });
  });
});

describe('Dashboard: custom domain, certificate and web ACL from the context', () => {
  let stateless: StatelessStack;
  let template: Template;
  let acknowledged: string[];

  beforeAll(() => {
    // Prepare: the optional keys set, and cdk-nag on, as `cdk deploy -c ...` would run it.
    const app = testApp({ checks: true, bundling: false, context: CUSTOM_DOMAIN });
    stateless = app.stateless;
    // Act: synthesis throws on any unacknowledged finding.
    const assembly = app.app.synth();
    const plugin = readValidationReport(assembly.directory).pluginReports.find((r) => r.pluginName === 'AwsSolutions');
    acknowledged = (plugin?.suppressedViolations ?? [])
      .filter((finding) => finding.ruleName.startsWith('AwsSolutions-CFR'))
      .map((finding) => finding.ruleName);
    template = Template.fromStack(stateless);
  }, SYNTH_TIMEOUT_MS);

  const config = () =>
    Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;

  it('serves the domain with the certificate, TLS 1.2 at least (SNI), behind the web ACL', () => {
    expect(config()).toMatchObject({
      Aliases: ['compliance.example.org'],
      ViewerCertificate: {
        AcmCertificateArn: CERTIFICATE,
        MinimumProtocolVersion: 'TLSv1.2_2021',
        SslSupportMethod: 'sni-only',
      },
      WebACLId: WEB_ACL,
    });
  });

  it('acknowledges only the geo restriction then: WAF and TLS are satisfied, and cdk-nag passes', () => {
    expect(acknowledged).toEqual(['AwsSolutions-CFR1']);
  });

  it('lets the hosted UI return to both the domain and the CloudFront name, and outputs the domain', () => {
    const client = Object.values(template.findResources('AWS::Cognito::UserPoolClient'))[0]!.Properties;
    expect(client.CallbackURLs).toEqual([
      'https://compliance.example.org/app/callback',
      { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.any(String), 'DomainName'] }, '/app/callback']] },
    ]);
    expect(client.LogoutURLs[0]).toBe('https://compliance.example.org/app/');
    template.hasOutput('DashboardUrl', { Value: 'https://compliance.example.org/app/' });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'example-compliance' });
  });
});

describe('Dashboard: context validation', () => {
  const read = (context: Record<string, unknown>) => readDeploymentConfig(new App({ context }).node);

  it('has no custom domain, certificate or web ACL by default', () => {
    expect(read({}).dashboard).toEqual({ domainNames: [], certificateArn: undefined, webAclArn: undefined });
  });

  it.each([
    [{ dashboardDomainNames: 'compliance.example.org' }, /go together/],
    [{ dashboardCertificateArn: CERTIFICATE }, /go together/],
    [
      {
        dashboardDomainNames: 'compliance.example.org',
        dashboardCertificateArn: CERTIFICATE.replace('us-east-1', 'eu-west-3'),
      },
      /us-east-1/,
    ],
    [{ dashboardDomainNames: 'https://compliance.example.org', dashboardCertificateArn: CERTIFICATE }, /host names/],
    [{ dashboardWebAclArn: WEB_ACL.replace('global', 'regional') }, /CLOUDFRONT/],
  ])('refuses %j', (context, message) => {
    expect(() => read(context)).toThrow(DeploymentConfigError);
    expect(() => read(context)).toThrow(message);
  });
});
