import { PageTitle } from '../ui/common.js';
import type { TenantViewProps } from './tenant-view.js';

export function ComplaintsView(props: TenantViewProps) {
  return <PageTitle title={`complaints · ${props.tenantId}`} />;
}
