import { PageTitle } from '../ui/common.js';
import type { TenantViewProps } from './tenant-view.js';

export function AgentsView(props: TenantViewProps) {
  return <PageTitle title={`agents · ${props.tenantId}`} />;
}
