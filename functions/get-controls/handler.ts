import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { cursorSecret } from '../../shared/adapters/cursor-secret.js';
import type { ControlHistoryEntry, ControlState } from '../../shared/app/control-state.js';
import { CONTROL_CATALOGUE, controlDefinition } from '../../shared/app/controls/catalogue/index.js';
import type { ControlDefinition } from '../../shared/app/controls/control-definition.js';
import { disabledControls } from '../../shared/app/evaluate-controls.js';
import { versionInForceAt } from '../../shared/domain/agreement/agreement-versions.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { apiRoutes } from '../../shared/http/api-routes.js';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor.js';
import { NotFoundError } from '../../shared/http/problem.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { AgreementRepository } from '../../shared/store/agreement-repository.js';
import { ControlStateRepository } from '../../shared/store/control-state-repository.js';
import { getControlHistoryRoute, getControlRoute, getControlsRoute } from './route.js';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();

const deps = once(() => {
  const db = createDocumentClient(config, { tenantScoped: true });
  return {
    controls: new ControlStateRepository(db, config.tableName),
    agreements: new AgreementRepository(db, config.tableName),
  };
});

/** The switched-off controls of the agreement in force now, with why. */
async function disabledNow(tenantId: string, now: Date): Promise<Map<string, string>> {
  const versions = await deps().agreements.versions(tenantId);
  return disabledControls(CONTROL_CATALOGUE, versionInForceAt(tenantId, versions, now));
}

/** A control as the routes show it: its definition, whether it is on, and its state (none stored: no data). */
function viewOf(definition: ControlDefinition, state: ControlState | undefined, disabledReason: string | undefined) {
  const { controlId, clause, source, requirement, cadence, severity, switchable } = definition;
  return {
    controlId,
    clause,
    source,
    requirement,
    cadence,
    severity,
    switchable,
    enabled: disabledReason === undefined,
    ...(disabledReason === undefined ? {} : { disabledReason }),
    ...(state === undefined
      ? { status: 'no-data' as const, since: null, detail: {} }
      : { status: state.status, since: state.since, detail: state.detail }),
  };
}

function historyView({ controlId, from, to, at, detail, ledgerSequence, nonconformityId }: ControlHistoryEntry) {
  return {
    controlId,
    from,
    to,
    at,
    detail,
    ...(ledgerSequence === undefined ? {} : { ledgerSequence }),
    ...(nonconformityId === undefined ? {} : { nonconformityId }),
  };
}

const getControls = apiHandler(getControlsRoute, async ({ path, now }) => {
  const { tenantId } = path;
  const [stored, disabled] = await Promise.all([
    deps().controls.states(
      tenantId,
      CONTROL_CATALOGUE.map((c) => c.controlId),
    ),
    disabledNow(tenantId, now),
  ]);
  return {
    body: {
      tenantId,
      controls: CONTROL_CATALOGUE.map((c) => viewOf(c, stored.get(c.controlId), disabled.get(c.controlId))),
    },
  };
});

const getControl = apiHandler(getControlRoute, async ({ path, query, now }) => {
  const { tenantId, controlId } = path;
  const definition = controlDefinition(controlId);
  if (definition === undefined) throw new NotFoundError('No such control in the catalogue');
  const secret = await cursorSecret();
  const scope = { tenantId, list: `control-history:${controlId}` };
  const start = decodeCursor(secret, scope, query.cursor);
  const before = typeof start?.before === 'string' ? start.before : undefined;
  const [stored, disabled, page] = await Promise.all([
    deps().controls.controlState(tenantId, controlId),
    disabledNow(tenantId, now),
    deps().controls.historyPage(tenantId, controlId, query.limit, before),
  ]);
  const nextCursor = encodeCursor(secret, scope, page.next === undefined ? undefined : { before: page.next });
  return {
    body: {
      ...viewOf(definition, stored?.state, disabled.get(controlId)),
      history: page.entries.map(historyView),
      ...(nextCursor === undefined ? {} : { nextCursor }),
    },
  };
});

const getControlHistory = apiHandler(getControlHistoryRoute, async ({ path, query }) => {
  const from = new Date(query.from).toISOString();
  const to = new Date(query.to).toISOString();
  const transitions = await deps().controls.history(path.tenantId, { from, to });
  return { body: { tenantId: path.tenantId, from, to, transitions: transitions.map(historyView) } };
});

/** Serves the controls' states, one control with its history, and the transitions of a window. */
export const handler = apiRoutes([getControls, getControl, getControlHistory]);
