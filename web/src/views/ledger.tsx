import { PageTitle } from '../ui/common.js';
import type { TenantViewProps } from './tenant-view.js';

export function LedgerView(props: TenantViewProps) {
  return <PageTitle title={`ledger · ${props.tenantId}`} />;
}
