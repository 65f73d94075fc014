import { PageTitle } from '../ui/common.js';
import type { TenantViewProps } from './tenant-view.js';

export function NonconformitiesView(props: TenantViewProps) {
  return <PageTitle title={`nonconformities · ${props.tenantId}`} />;
}
