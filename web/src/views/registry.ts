import { AgentsView } from './agents.js';
import { ComplaintsView } from './complaints.js';
import { ControlsView } from './controls.js';
import { EvidenceView } from './evidence.js';
import { KpisView } from './kpis.js';
import { LedgerView } from './ledger.js';
import { NonconformitiesView } from './nonconformities.js';
import { PrivacyView } from './privacy.js';
import { ReadinessView } from './readiness.js';
import { ReportsView } from './reports.js';
import type { TenantView } from './tenant-view.js';

/** A tenant's tabs, in the order they are shown; each appears only to the roles its route admits. */
export const TENANT_VIEWS: readonly TenantView[] = [
  {
    key: 'kpis',
    label: { en: 'KPIs', fr: 'Indicateurs' },
    route: 'GET /v1/tenants/{tenantId}/kpis',
    component: KpisView,
  },
  {
    key: 'controls',
    label: { en: 'Controls', fr: 'Contrôles' },
    route: 'GET /v1/tenants/{tenantId}/controls',
    component: ControlsView,
  },
  {
    key: 'complaints',
    label: { en: 'Complaints', fr: 'Réclamations' },
    route: 'GET /v1/tenants/{tenantId}/complaints',
    component: ComplaintsView,
  },
  {
    key: 'agents',
    label: { en: 'Agent competence', fr: 'Compétences' },
    route: 'GET /v1/tenants/{tenantId}/agents',
    component: AgentsView,
  },
  {
    key: 'nonconformities',
    label: { en: 'Nonconformities', fr: 'Non-conformités' },
    route: 'GET /v1/tenants/{tenantId}/nonconformities',
    component: NonconformitiesView,
  },
  {
    key: 'readiness',
    label: { en: 'Readiness', fr: 'Préparation' },
    route: 'GET /v1/tenants/{tenantId}/readiness',
    component: ReadinessView,
  },
  {
    key: 'reports',
    label: { en: 'Reports', fr: 'Rapports' },
    route: 'GET /v1/tenants/{tenantId}/reports',
    component: ReportsView,
  },
  {
    key: 'evidence',
    label: { en: 'Evidence pack', fr: 'Dossier de preuves' },
    route: 'GET /v1/tenants/{tenantId}/evidence',
    component: EvidenceView,
  },
  {
    key: 'privacy',
    label: { en: 'Data protection', fr: 'Protection des données' },
    route: 'GET /v1/tenants/{tenantId}/erasure-requests',
    component: PrivacyView,
  },
  {
    key: 'ledger',
    label: { en: 'Evidence ledger', fr: 'Registre de preuves' },
    route: 'GET /v1/tenants/{tenantId}/ledger/verify',
    component: LedgerView,
  },
];
