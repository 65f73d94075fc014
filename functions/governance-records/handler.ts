import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { versionInForceAt } from '../../shared/domain/agreement/agreement-versions.js';
import { localDate } from '../../shared/domain/calendar/zoned-time.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { apiRoutes } from '../../shared/http/api-routes.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { GovernanceRepository } from '../../shared/store/governance-repository.js';
import { listDocumentsRoute, listManagementReviewsRoute } from './route.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();

const deps = once(() => {
  const db = createDocumentClient(config, { tenantScoped: true });
  return {
    governance: new GovernanceRepository(db, config.tableName),
    agreements: new AgreementRepository(db, config.tableName),
  };
});

const listDocuments = apiHandler(listDocumentsRoute, async ({ path, now }) => {
  const { tenantId } = path;
  const [documents, versions] = await Promise.all([
    deps().governance.documents(tenantId),
    deps().agreements.versions(tenantId),
  ]);
  const today = localDate(now, versionInForceAt(tenantId, versions, now).timeZone.value);
  return {
    body: {
      tenantId,
      today,
      documents: documents.map(({ tenantId: _tenant, ...doc }) => ({ ...doc, reviewOverdue: doc.reviewDue < today })),
    },
  };
});

const listManagementReviews = apiHandler(listManagementReviewsRoute, async ({ path, query }) => {
  const { tenantId } = path;
  const reviews = await deps().governance.reviews(tenantId, query);
  return { body: { tenantId, reviews: reviews.map(({ tenantId: _tenant, ...review }) => review) } };
});

/** Serves the governance register: the documents with their review dates, and the management reviews held. */
export const handler = apiRoutes([listDocuments, listManagementReviews]);
