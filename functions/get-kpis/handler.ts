import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { KpiQuery } from '../../shared/app/kpi-query.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { apiRoutes } from '../../shared/http/api-routes.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { KpiRepository } from '../../shared/store/kpi-repository.js';
import { getKpiIntervalsRoute, getKpisRoute } from './route.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();

const deps = once(() => {
  const db = createDocumentClient(config, { tenantScoped: true });
  return {
    kpis: new KpiQuery(new KpiRepository(db, config.tableName), new AgreementRepository(db, config.tableName)),
  };
});

const getKpis = apiHandler(getKpisRoute, async ({ path, query }) => ({
  body: await deps().kpis.report({ tenantId: path.tenantId, ...query }),
}));

const getIntervals = apiHandler(getKpiIntervalsRoute, async ({ path, query }) => {
  const { date, ...filter } = query;
  return { body: await deps().kpis.intervals(path.tenantId, date, filter) };
});

/** Serves the KPI series and the intraday view from one function. */
export const handler = apiRoutes([getKpis, getIntervals]);
