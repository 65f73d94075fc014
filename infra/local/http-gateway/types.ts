import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyResultV2,
  Context,
} from 'aws-lambda';

/** Methods a route may name; `ANY` matches every method no other route of the same path names. */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY';

/** One API Gateway route and the Lambda handler behind it. */
export interface GatewayRoute {
  readonly method: RouteMethod;
  /**
   * Resource path as written in the HTTP API: literal segments, `{name}` for one segment, `{name+}` (last only)
   * for the rest of the path, e.g. `/v1/tenants/{tenantId}/kpis`, `/docs`, `/{proxy+}`; or `$default`.
   */
  readonly path: string;
  /** `jwt` puts the route behind the JWT authorizer, as every `/v1` route is in AWS. */
  readonly authorization: 'none' | 'jwt';
  /** The Lambda handler, called in-process. */
  invoke(
    event: APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer,
    context: Context,
  ): Promise<APIGatewayProxyResultV2>;
  /** Name shown in the Lambda context and logs; defaults to one derived from the route key. */
  readonly functionName?: string;
}

/** Structured logger the gateway writes to; Powertools' `Logger` fits. Errors are passed under `error`. */
export interface GatewayLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/** How to start the local HTTP API. */
export interface HttpGatewayOptions {
  /** TCP port; 0 picks a free one (see {@link HttpGateway.port}). */
  readonly port: number;
  /** Interface to bind; defaults to 127.0.0.1 so the local API is not exposed to the network. */
  readonly host?: string;
  readonly routes: readonly GatewayRoute[];
  /** Verifies a bearer token and returns its claims; throws when the token is not acceptable. */
  verifyToken(token: string): Promise<Record<string, unknown>>;
  /** Largest request body accepted, in bytes; API Gateway's payload quota of 10 MB by default. */
  readonly maxBodyBytes?: number;
  /** Origins allowed by the CORS configuration (`*` for any); no CORS handling when absent or empty. */
  readonly corsOrigins?: readonly string[];
  /** API Gateway's integration timeout, after which the caller gets 503; 30 s by default. */
  readonly integrationTimeoutMs?: number;
  /** Access log and handler failures; by default only failures are written, to stderr. */
  readonly logger?: GatewayLogger;
  /**
   * Answers a request no API route matches, before the gateway's 404: on one machine the dashboard and its sign-in
   * stand-in share the API's origin, as CloudFront puts them in front of it in AWS. `undefined` leaves it to the 404.
   */
  readonly siteHandler?: SiteHandler;
  /** Values shown in the event's `requestContext` and the Lambda context. */
  readonly accountId?: string;
  readonly apiId?: string;
  readonly region?: string;
}

/** A non-API request as the site handler sees it; `body` is read (at most the gateway's limit) for POST only. */
export interface SiteRequest {
  readonly method: string;
  /** The path and query as received. */
  readonly target: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export type SiteHandler = (request: SiteRequest) => Promise<GatewayResponse | undefined>;

/** A running local HTTP API. */
export interface HttpGateway {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections, ends idle keep-alive ones and resolves once the server is closed. */
  close(): Promise<void>;
}

/** What the gateway writes back, whoever produced it (the integration or the gateway itself). */
export interface GatewayResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly cookies: readonly string[];
  readonly body: Buffer;
}
