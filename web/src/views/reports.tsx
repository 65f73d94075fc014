import { PageTitle } from '../ui/common.js';
import type { TenantViewProps } from './tenant-view.js';

export function ReportsView(props: TenantViewProps) {
  return <PageTitle title={`reports · ${props.tenantId}`} />;
}
