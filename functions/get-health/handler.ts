import { apiHandler } from '../../shared/http/api-handler.js';
import { loadConfig, once } from '../../shared/runtime/config.js';
import { checkDependencies, dependencyChecks } from './checks.js';
import { getHealthRoute } from './route.js';

/** Each probe's limit: a slow dependency is reported down rather than making the API itself look dead. */
const PROBE_TIMEOUT_MS = 1_500;
/** What a 503 asks a monitor or load balancer to wait; DynamoDB Local restarts within a few seconds. */
const RETRY_AFTER_SECONDS = '5';

// Read at cold start: a missing or malformed variable fails the init, not a request.
const config = loadConfig();
const checks = once(() => {
  const buckets = [process.env.RECORDINGS_BUCKET, process.env.REPORTS_BUCKET].filter((b): b is string => !!b);
  return dependencyChecks(config, buckets);
});

/** Liveness and each dependency's state: 200 when all are up, 503 with the same body and `Retry-After` if not. */
export const handler = apiHandler(getHealthRoute, async () => {
  const dependencies = await checkDependencies(checks(), PROBE_TIMEOUT_MS);
  const down = Object.values(dependencies).some((d) => d.status === 'down');
  const body = { status: down ? 'unavailable' : 'ok', dependencies };
  return down ? { status: 503, headers: { 'retry-after': RETRY_AFTER_SECONDS }, body } : { body };
});
