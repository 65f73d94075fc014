import { PageTitle } from '../ui/common.js';
import type { TenantViewProps } from './tenant-view.js';

export function KpisView(props: TenantViewProps) {
  return <PageTitle title={`KPIs · ${props.tenantId}`} />;
}
