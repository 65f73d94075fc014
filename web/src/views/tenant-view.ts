import type { FunctionComponent } from 'preact';
import type { RouteKey } from '../api/route-roles.js';

/** What every tenant view gets from the page around it. */
export interface TenantViewProps {
  readonly tenantId: string;
  /** The path segment after the view's own, e.g. a control id in `/app/tenants/t/controls/P1-OPS-SL`. */
  readonly itemId?: string;
  /** The tenant's time zone (its agreement's), UTC when the role may not read the agreement. */
  readonly timeZone: string;
}

/** One tab of a tenant: shown only to the roles that may call the route it reads. */
export interface TenantView {
  readonly key: string;
  readonly label: { readonly en: string; readonly fr: string };
  readonly route: RouteKey;
  readonly component: FunctionComponent<TenantViewProps>;
}
