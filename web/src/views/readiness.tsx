import { PageTitle } from '../ui/common.js';
import type { TenantViewProps } from './tenant-view.js';

export function ReadinessView(props: TenantViewProps) {
  return <PageTitle title={`readiness · ${props.tenantId}`} />;
}
