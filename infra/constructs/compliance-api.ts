import { Duration, Stack, Validations } from 'aws-cdk-lib';
import {
  CorsHttpMethod,
  type CorsPreflightOptions,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  type HttpStage,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type ApiRoute, isTenantScoped } from '../../shared/http/api-route.js';
import type { ApiConfig, SignInConfig } from '../config.js';
import { ApiAccessLog } from './api-access-log.js';
import { constructId } from './construct-id.js';
import { SignInClient } from './sign-in-client.js';

/** What the API needs of a function that serves routes (each `ComplianceFunction` is one). */
export interface RouteFunction {
  readonly function: IFunction;
  readonly timeout: Duration;
}

/** What the {@link ComplianceApi} is built from. */
export interface ComplianceApiProps {
  /** Every route (`functions/routes.ts`). */
  routes: readonly ApiRoute[];
  /** The catalog functions, by name: each route is served by the one its `function` names. */
  functions: ReadonlyMap<string, RouteFunction>;
  userPool: IUserPool;
  /** The `iss` of the user pool's tokens. */
  issuerUrl: string;
  api: ApiConfig;
  signIn: SignInConfig;
  logRetention: RetentionDays;
}

/** API Gateway stops waiting for a Lambda integration after 30 s, whatever the function's own timeout. */
const INTEGRATION_TIMEOUT = Duration.seconds(30);

/** The request headers a browser front-end needs: the bearer token and a JSON body. */
export const CORS_ALLOWED_HEADERS = ['authorization', 'content-type'];

/** The route key API Gateway uses (`GET /v1/tenants/{tenantId}/kpis`): the HTTP method and the path. */
export function routeKey(route: Pick<ApiRoute, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/**
 * The HTTP API in AWS, built from the route list: one route per entry, each integrated with the catalog function
 * that serves it, behind a JWT authorizer that trusts the user pool's tokens for the front-end's app client only.
 * Routes declared `authorization: 'none'` stay public, which is allowed only where the path names no tenant.
 * The `$default` stage throttles, writes a JSON access log and, only when origins are configured, answers CORS.
 */
export class ComplianceApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly signIn: SignInClient;
  readonly accessLog: ApiAccessLog;
  /** By route key (`GET /health`). */
  readonly routes: ReadonlyMap<string, HttpRoute>;
  private readonly integrations = new Map<string, HttpLambdaIntegration>();

  constructor(scope: Construct, id: string, props: ComplianceApiProps) {
    super(scope, id);
    this.signIn = new SignInClient(this, 'SignIn', { userPool: props.userPool, ...props.signIn });
    const authorizer = new HttpJwtAuthorizer('CognitoJwt', props.issuerUrl, {
      jwtAudience: [this.signIn.client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `${Stack.of(this).stackName}-api`,
      description: 'Contact-centre compliance API (docs/api.md)',
      createDefaultStage: false,
      corsPreflight: corsPreflight(props.routes, props.api.corsOrigins),
      // A route added without an explicit choice is protected, never accidentally public.
      defaultAuthorizer: authorizer,
    });
    this.accessLog = new ApiAccessLog(this, 'AccessLog', { retention: props.logRetention });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.api.throttleRateLimit, burstLimit: props.api.throttleBurstLimit },
      accessLogSettings: this.accessLog.settings(),
    });

    const routes = new Map<string, HttpRoute>();
    for (const route of props.routes) {
      const key = routeKey(route);
      if (routes.has(key)) throw new Error(`route ${key} is declared twice in functions/routes.ts`);
      routes.set(key, this.addRoute(route, props.functions, authorizer));
    }
    this.routes = routes;
  }

  /** The API's base URL (the `$default` stage is served at the root). */
  get url(): string {
    return this.stage.url;
  }

  private addRoute(
    route: ApiRoute,
    functions: ReadonlyMap<string, RouteFunction>,
    jwt: IHttpRouteAuthorizer,
  ): HttpRoute {
    const key = routeKey(route);
    const target = functions.get(route.function);
    if (!target) throw new Error(`route ${key} is served by ${route.function}, which is not in functions/catalog.ts`);
    if (target.timeout.toSeconds() > INTEGRATION_TIMEOUT.toSeconds()) {
      throw new Error(
        `route ${key} is served by ${route.function}, whose timeout (${target.timeout.toSeconds()} s) exceeds ` +
          `the ${INTEGRATION_TIMEOUT.toSeconds()} s API Gateway waits`,
      );
    }
    const isPublic = route.authorization === 'none';
    if (isPublic && isTenantScoped(route)) {
      throw new Error(`route ${key} names a tenant, so it cannot be public: use authorization 'jwt'`);
    }
    const httpRoute = new HttpRoute(this, `Route${constructId(`${route.method.toLowerCase()} ${route.path}`)}`, {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
      integration: this.integrationFor(route.function, target),
      authorizer: isPublic ? new HttpNoneAuthorizer() : jwt,
    });
    if (isPublic) {
      Validations.of(httpRoute).acknowledge({
        id: 'AwsSolutions::AwsSolutions-APIG4',
        reason:
          `${key} (${route.summary}) is public by design: docs/api.md lists it without roles, and a public ` +
          'route may not name a tenant (synthesis fails otherwise), so no token is needed to call it.',
      });
    }
    return httpRoute;
  }

  /** One integration per function, shared by its routes; each route still gets its own invoke permission. */
  private integrationFor(name: string, target: RouteFunction): HttpLambdaIntegration {
    let integration = this.integrations.get(name);
    if (!integration) {
      integration = new HttpLambdaIntegration(`${constructId(name)}Integration`, target.function);
      this.integrations.set(name, integration);
    }
    return integration;
  }
}

/** No CORS at all unless origins are configured; then exactly those origins, the routes' methods, no credentials. */
function corsPreflight(routes: readonly ApiRoute[], origins: readonly string[]): CorsPreflightOptions | undefined {
  if (origins.length === 0) return undefined;
  const methods = [...new Set(routes.map((route) => route.method))].sort();
  return {
    allowOrigins: [...origins],
    allowMethods: methods.map((method) => CorsHttpMethod[method]),
    allowHeaders: CORS_ALLOWED_HEADERS,
    // Bearer tokens travel in a header the front-end sets itself: no cookies, so no credentialed requests.
    allowCredentials: false,
    maxAge: Duration.minutes(5),
  };
}
