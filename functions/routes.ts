/**
 * Every route of the HTTP API. The CDK HTTP API and the local gateway are both built from this list, the OpenAPI
 * document is generated from it, and the isolation test enumerates it: a route added here is deployed, served,
 * documented and tested for tenant isolation at once.
 */
import type { ApiRoute } from '../shared/http/api-route.js';
import { listErasureRequestsRoute, requestErasureRoute } from './erasure-requests/route.js';
import { getAgentRoute, listAgentsRoute } from './get-agents/route.js';
import { getAgreementRoute, listAgreementVersionsRoute } from './get-agreement/route.js';
import { getComplaintFiguresRoute, getComplaintRoute, listComplaintsRoute } from './get-complaints/route.js';
import { getControlHistoryRoute, getControlRoute, getControlsRoute } from './get-controls/route.js';
import { getEvidenceRoute } from './get-evidence/route.js';
import { getHealthRoute } from './get-health/route.js';
import { getKpiIntervalsRoute, getKpisRoute } from './get-kpis/route.js';
import { getReadinessRoute } from './get-readiness/route.js';
import { listDocumentsRoute, listManagementReviewsRoute } from './governance-records/route.js';
import {
  releaseCustomerHoldRoute,
  releaseRecordingHoldRoute,
  setCustomerHoldRoute,
  setRecordingHoldRoute,
} from './manage-legal-holds/route.js';
import {
  getNonconformityRoute,
  listAuditsRoute,
  listNonconformitiesRoute,
  recordCorrectiveStepRoute,
} from './nonconformities/route.js';
import { putAgreementRoute } from './put-agreement/route.js';
import { getReportRoute, listReportsRoute, produceReportRoute } from './reports/route.js';
import {
  getRecordingAccessLogRoute,
  getRecordingRoute,
  getTenantRecordingAccessLogRoute,
  requestRecordingAccessRoute,
} from './request-recording-access/route.js';
import { getDocsRoute, getOpenApiRoute } from './serve-api-docs/route.js';
import { verifyLedgerRoute } from './verify-ledger/route.js';

export const routes: readonly ApiRoute[] = [
  getHealthRoute,
  getOpenApiRoute,
  getDocsRoute,
  verifyLedgerRoute,
  getAgreementRoute,
  listAgreementVersionsRoute,
  putAgreementRoute,
  getKpisRoute,
  getKpiIntervalsRoute,
  getControlsRoute,
  getControlRoute,
  getControlHistoryRoute,
  requestErasureRoute,
  listErasureRequestsRoute,
  getRecordingRoute,
  requestRecordingAccessRoute,
  getRecordingAccessLogRoute,
  getTenantRecordingAccessLogRoute,
  setRecordingHoldRoute,
  releaseRecordingHoldRoute,
  setCustomerHoldRoute,
  releaseCustomerHoldRoute,
  listAgentsRoute,
  getAgentRoute,
  listComplaintsRoute,
  getComplaintRoute,
  getComplaintFiguresRoute,
  getReadinessRoute,
  getEvidenceRoute,
  listNonconformitiesRoute,
  getNonconformityRoute,
  recordCorrectiveStepRoute,
  listAuditsRoute,
  listDocumentsRoute,
  listManagementReviewsRoute,
  listReportsRoute,
  getReportRoute,
  produceReportRoute,
] as ApiRoute[];
