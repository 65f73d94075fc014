import { PageTitle } from '../ui/common.js';
import type { TenantViewProps } from './tenant-view.js';

export function EvidenceView(props: TenantViewProps) {
  return <PageTitle title={`evidence · ${props.tenantId}`} />;
}
