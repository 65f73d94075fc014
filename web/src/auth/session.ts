import { type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { CALLBACK_PATH, DASHBOARD_BASE_PATH, type DashboardRuntimeConfig } from '../../runtime-config.js';
import { type Principal, principalFromClaims } from './principal.js';

/**
 * Sign-in through the hosted sign-in service (Cognito's hosted UI in AWS, its stand-in on one machine): the
 * authorization-code grant with PKCE, done by oidc-client-ts. The tokens stay in this tab's sessionStorage, never in
 * a cookie or localStorage, and leave with the tab; the ID token is the API's bearer token (it carries the groups
 * and tenants, which Cognito leaves out of access tokens).
 */
export class Session {
  private readonly manager: UserManager;
  private readonly origin = window.location.origin;

  constructor(private readonly config: DashboardRuntimeConfig) {
    const { issuer, clientId, domainUrl, scopes } = config.auth;
    this.manager = new UserManager({
      authority: issuer,
      client_id: clientId,
      redirect_uri: `${this.origin}${CALLBACK_PATH}`,
      post_logout_redirect_uri: `${this.origin}${DASHBOARD_BASE_PATH}`,
      response_type: 'code',
      scope: scopes.join(' '),
      // Cognito publishes no end-session endpoint and its hosted domain differs from the issuer, so the endpoints
      // are given rather than discovered: no request leaves for anything but the sign-in service and the API.
      metadata: {
        issuer,
        authorization_endpoint: `${domainUrl}/oauth2/authorize`,
        token_endpoint: `${domainUrl}/oauth2/token`,
      },
      loadUserInfo: false,
      automaticSilentRenew: false,
      monitorSession: false,
      userStore: new WebStorageStateStore({ store: window.sessionStorage }),
      stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    });
  }

  /** The signed-in user, unless there is none or the token has expired. */
  async current(): Promise<{ user: User; principal: Principal } | undefined> {
    const user = await this.manager.getUser();
    if (user === null || user.expired === true || user.id_token === undefined) return undefined;
    return { user, principal: principalFromClaims(user.profile as Record<string, unknown>) };
  }

  /** Leaves for the sign-in page; `returnTo` is where the browser comes back to afterwards. */
  async signIn(returnTo: string): Promise<void> {
    await this.manager.signinRedirect({ state: { returnTo } });
  }

  /** Finishes the sign-in on `/app/callback` and says where to go next. */
  async completeSignIn(): Promise<string> {
    const user = await this.manager.signinRedirectCallback();
    const state = user.state as { returnTo?: unknown } | undefined;
    const returnTo = typeof state?.returnTo === 'string' ? state.returnTo : DASHBOARD_BASE_PATH;
    // Only a path of the dashboard itself: a crafted state must not send the browser elsewhere.
    return returnTo.startsWith(DASHBOARD_BASE_PATH) && !returnTo.startsWith('//') ? returnTo : DASHBOARD_BASE_PATH;
  }

  /** Forgets the tokens here and ends the hosted session (Cognito's `/logout`). */
  async signOut(): Promise<void> {
    await this.manager.removeUser();
    const { clientId, domainUrl } = this.config.auth;
    const logout = new URL(`${domainUrl}/logout`);
    logout.searchParams.set('client_id', clientId);
    logout.searchParams.set('logout_uri', `${this.origin}${DASHBOARD_BASE_PATH}`);
    window.location.assign(logout.toString());
  }
}
