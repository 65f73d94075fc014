import { PageTitle } from '../ui/common.js';
import type { TenantViewProps } from './tenant-view.js';

export function ControlsView(props: TenantViewProps) {
  return <PageTitle title={`controls · ${props.tenantId}`} />;
}
