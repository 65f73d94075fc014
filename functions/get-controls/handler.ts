import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { EVALUATED_CONTROLS } from '../../shared/app/control-state.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { apiRoutes } from '../../shared/http/api-routes.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { ControlStateRepository } from '../../shared/store/control-state-repository.js';
import { getControlsRoute } from './route.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();

const deps = once(() => ({
  controls: new ControlStateRepository(createDocumentClient(config, { tenantScoped: true }), config.tableName),
}));

const getControls = apiHandler(getControlsRoute, async ({ path }) => {
  const stored = await deps().controls.states(
    path.tenantId,
    EVALUATED_CONTROLS.map((c) => c.controlId),
  );
  return {
    body: {
      tenantId: path.tenantId,
      controls: EVALUATED_CONTROLS.map(({ controlId, clause, requirement }) => {
        const state = stored.get(controlId);
        return state === undefined
          ? { controlId, clause, requirement, status: 'no-data' as const, since: null, detail: {} }
          : { controlId, clause, requirement, status: state.status, since: state.since, detail: state.detail };
      }),
    },
  };
});

/** Serves the controls' current states. */
export const handler = apiRoutes([getControls]);
