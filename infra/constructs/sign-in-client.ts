import { Duration } from 'aws-cdk-lib';
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

/** What a signed-in user's tokens may say about them; the tenants are read here and written by administrators only. */
const READABLE = new ClientAttributes()
  .withStandardAttributes({ email: true, emailVerified: true, fullname: true, locale: true, timezone: true })
  .withCustomAttributes(TENANTS_ATTRIBUTE);
/** What users may change about themselves: display preferences, never their e-mail (the sign-in name) or tenants. */
const WRITABLE = new ClientAttributes().withStandardAttributes({ fullname: true, locale: true, timezone: true });

/**
 * The app client of the web front-end, which is also the audience the API's JWT authorizer accepts. A browser cannot
 * keep a secret, so the client has none and uses the authorization-code grant with PKCE (never the implicit grant);
 * without configured callback URLs it offers no OAuth flow at all. Send the ID token as the bearer token: it carries
 * both `cognito:groups` and `custom:tenants`, whereas Cognito leaves custom attributes out of access tokens.
 */
export class SignInClient extends Construct {
  readonly client: UserPoolClient;
  /** The hosted sign-in domain, when context `authDomainPrefix` names one. */
  readonly domain: UserPoolDomain | undefined;

  constructor(scope: Construct, id: string, props: SignInClientProps) {
    super(scope, id);
    const { userPool, callbackUrls, logoutUrls, domainPrefix } = props;
    const oAuth =
      callbackUrls.length > 0
        ? {
            oAuth: {
              flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
              scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
              callbackUrls,
              logoutUrls,
            },
          }
        : { disableOAuth: true };
    this.client = new UserPoolClient(this, 'Client', {
      userPool,
      generateSecret: false,
      // SRP never sends the password; the plain USER_PASSWORD flows are left off.
      authFlows: { userSrp: true },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      ...oAuth,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // A working day: staff sign in again each morning, and a stolen refresh token does not outlive it for long.
      refreshTokenValidity: Duration.hours(12),
      readAttributes: READABLE,
      writeAttributes: WRITABLE,
    });
    this.domain =
      domainPrefix === undefined
        ? undefined
        : new UserPoolDomain(this, 'Domain', { userPool, cognitoDomain: { domainPrefix } });
  }
}
