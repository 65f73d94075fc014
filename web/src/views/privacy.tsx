import { PageTitle } from '../ui/common.js';
import type { TenantViewProps } from './tenant-view.js';

export function PrivacyView(props: TenantViewProps) {
  return <PageTitle title={`privacy · ${props.tenantId}`} />;
}
