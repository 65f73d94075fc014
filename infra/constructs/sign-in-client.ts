import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import {
  ClientAttributes,
  type IUserPool,
  OAuthScope,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { SignInConfig } from '../config.js';
import { TENANTS_ATTRIBUTE } from './user-pool.js';

/** Options of the {@link SignInClient}. */
export interface SignInClientProps extends SignInConfig {
  userPool: IUserPool;
}

/**
 * The hosted domain's prefix when context `authDomainPrefix` names none: the stack's name and account, lower case
 * (`ccc-compliance-<stage>-stateless-<account>`). Cognito prefixes are unique per region across all of AWS, so the
 * account id makes a clash with another customer's pool unlikely, not impossible (anyone may take a free prefix
 * first); a clash fails the deployment with "Domain already exists", and `-c authDomainPrefix=` picks another.
 */
export function defaultAuthDomainPrefix(scope: Construct): string {
  const stack = Stack.of(scope);
  return `${stack.stackName.toLowerCase()}-${stack.account}`;
}

/** What a signed-in user's tokens may say about them; the tenants are read here and written by administrators only. */
const READABLE = new ClientAttributes()
  .withStandardAttributes({ email: true, emailVerified: true, fullname: true, locale: true, timezone: true })
  .withCustomAttributes(TENANTS_ATTRIBUTE);
/** What users may change about themselves: display preferences, never their e-mail (the sign-in name) or tenants. */
const WRITABLE = new ClientAttributes().withStandardAttributes({ fullname: true, locale: true, timezone: true });

/**
 * The app client of the web front-end, which is also the audience the API's JWT authorizer accepts, and the hosted
 * sign-in domain it signs in through. A browser cannot keep a secret, so the client has none and uses the
 * authorization-code grant with PKCE (never the implicit grant). Its redirect URLs are the configured ones plus those
 * of the dashboard ({@link SignInClient.allowRedirects}), which exists in every stage. Send the ID token as the bearer
 * token: it carries both `cognito:groups` and `custom:tenants`, whereas Cognito leaves custom attributes out of
 * access tokens.
 */
export class SignInClient extends Construct {
  readonly client: UserPoolClient;
  /** The hosted sign-in domain (context `authDomainPrefix`, else {@link defaultAuthDomainPrefix}). */
  readonly domain: UserPoolDomain;
  private readonly callbackUrls: string[];
  private readonly logoutUrls: string[];

  constructor(scope: Construct, id: string, props: SignInClientProps) {
    super(scope, id);
    const { userPool } = props;
    const domainPrefix = props.domainPrefix ?? defaultAuthDomainPrefix(this);
    this.callbackUrls = [...props.callbackUrls];
    this.logoutUrls = [...props.logoutUrls];
    this.client = new UserPoolClient(this, 'Client', {
      userPool,
      generateSecret: false,
      // SRP never sends the password; the plain USER_PASSWORD flows are left off.
      authFlows: { userSrp: true },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        // Lazy: the dashboard's distribution, whose address they name, is built after the API that holds this client.
        callbackUrls: Lazy.list({ produce: () => this.callbackUrls }),
        logoutUrls: Lazy.list({ produce: () => this.logoutUrls }),
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // A working day: staff sign in again each morning, and a stolen refresh token does not outlive it for long.
      refreshTokenValidity: Duration.hours(12),
      readAttributes: READABLE,
      writeAttributes: WRITABLE,
    });
    this.domain = new UserPoolDomain(this, 'Domain', {
      userPool,
      cognitoDomain: { domainPrefix },
    });
  }

  /** Lets the hosted sign-in return to `callbackUrls` with a code, and the hosted sign-out to `logoutUrls`. */
  allowRedirects(urls: { callbackUrls: readonly string[]; logoutUrls: readonly string[] }): void {
    this.callbackUrls.push(...urls.callbackUrls.filter((url) => !this.callbackUrls.includes(url)));
    this.logoutUrls.push(...urls.logoutUrls.filter((url) => !this.logoutUrls.includes(url)));
  }

  /** The hosted domain's base URL, under which Cognito serves `/oauth2/authorize`, `/oauth2/token` and `/logout`. */
  get domainUrl(): string {
    return this.domain.baseUrl();
  }
}
