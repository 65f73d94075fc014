import { apiHandler } from '../../shared/http/api-handler.js';
import { getHealthRoute } from './route.js';

/** Liveness: answers without touching any dependency, so a slow table never makes the API look dead. */
export const handler = apiHandler(getHealthRoute, async () => ({ body: { status: 'ok' } }));
