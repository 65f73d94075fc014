import { App, Duration, Stack } from 'aws-cdk-lib';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.js';
import { ComplianceApi, routeKey } from '../../infra/constructs/compliance-api.js';
import { type ApiRoute, isTenantScoped } from '../../shared/http/api-route.js';
import { TEST_ENV } from './support/app.js';

const jwtRoutes = routes.filter((route) => route.authorization === 'jwt');
const publicRoutes = routes.filter((route) => route.authorization === 'none');

describe('API: refuses to synthesize a route list it cannot deploy safely', () => {
  /** Builds the API alone (no synthesis) over one stub function `serve`, with the given timeout. */
  function build(apiRoutes: ApiRoute[], timeoutSeconds = 10) {
    const stack = new Stack(new App(), 'Scratch', { env: TEST_ENV });
    const fn = new LambdaFunction(stack, 'Serve', {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('export const handler = async () => ({})'),
    });
    return () =>
      new ComplianceApi(stack, 'Api', {
        routes: apiRoutes,
        functions: new Map([['serve', { function: fn, timeout: Duration.seconds(timeoutSeconds) }]]),
        userPool: new UserPool(stack, 'Users'),
        issuerUrl: 'https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_test',
        api: { corsOrigins: [], throttleRateLimit: 1, throttleBurstLimit: 1 },
        signIn: { callbackUrls: [], logoutUrls: [], domainPrefix: undefined },
        logRetention: RetentionDays.ONE_DAY,
      });
  }
  const tenantRoute = { ...jwtRoutes.find(isTenantScoped)!, function: 'serve' };
  const publicRoute = { ...publicRoutes[0]!, function: 'serve' };

  it('builds when every route names a known function (the stub below is sound)', () => {
    expect(build([tenantRoute, publicRoute])).not.toThrow();
  });

  it('names the route whose function is not in the catalog', () => {
    expect(build([{ ...tenantRoute, function: 'no-such-function' }])).toThrow(
      `route ${routeKey(tenantRoute)} is served by no-such-function, which is not in functions/catalog.ts`,
    );
  });

  it('refuses a public route that names a tenant', () => {
    expect(build([{ ...tenantRoute, authorization: 'none' }])).toThrow(/names a tenant, so it cannot be public/);
  });

  it('refuses the same method and path twice', () => {
    expect(build([publicRoute, publicRoute])).toThrow(`route ${routeKey(publicRoute)} is declared twice`);
  });

  it('refuses a function that would outlive the 30 s API Gateway waits', () => {
    expect(build([publicRoute], 60)).toThrow(/timeout \(60 s\) exceeds the 30 s/);
  });
});
