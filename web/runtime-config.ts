/**
 * `/app/config.json`: what the dashboard learns at run time from the place that serves it, so one bundle runs on one
 * machine and in every AWS stage. Nothing here is secret: a browser cannot keep a secret, so the sign-in client has
 * none (authorization code with PKCE). Written by the local stand-in (infra/local/web/) and, in AWS, by the CDK
 * deployment of the bundle (infra/constructs/).
 */
export interface DashboardRuntimeConfig {
  /** Where the HTTP API is; `''` means the dashboard's own origin (locally, and behind CloudFront's `/v1/*`). */
  readonly apiBaseUrl: string;
  readonly auth: {
    /** The `iss` of the ID tokens: `https://cognito-idp.<region>.amazonaws.com/<pool id>`, or the local issuer. */
    readonly issuer: string;
    /** The app client id, which is also the API's JWT audience. */
    readonly clientId: string;
    /**
     * The hosted sign-in service's base URL, with Cognito's paths under it: `/oauth2/authorize`, `/oauth2/token`,
     * `/logout?client_id=&logout_uri=`. The local stand-in serves the same paths.
     */
    readonly domainUrl: string;
    /** OAuth scopes asked for. */
    readonly scopes: readonly string[];
  };
  /** `local` shows the local sign-in hint; `aws` shows nothing more. */
  readonly environment: 'local' | 'aws';
}

/** The path the sign-in service sends the browser back to, under the dashboard's base path. */
export const DASHBOARD_BASE_PATH = '/app/';
export const CALLBACK_PATH = '/app/callback';
export const CONFIG_PATH = '/app/config.json';
