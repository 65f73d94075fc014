import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

/** The API's typed client: every path, parameter and answer comes from web/src/api/schema.d.ts. */
export type ApiClient = ReturnType<typeof createClient<paths>>;

/** An answer that was not a success, with the API's problem+json details when there are any. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
  ) {
    super(detail === undefined ? title : `${title}: ${detail}`);
  }
}

/**
 * A client that sends the ID token as the bearer token and calls `onUnauthorized` when the API refuses it (expired),
 * so the page can sign in again instead of showing an error.
 */
export function apiClient(options: {
  readonly baseUrl: string;
  readonly token: () => string | undefined;
  readonly onUnauthorized: () => void;
}): ApiClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl || window.location.origin });
  const auth: Middleware = {
    onRequest({ request }) {
      const token = options.token();
      if (token !== undefined) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) options.onUnauthorized();
      return response;
    },
  };
  client.use(auth);
  return client;
}

/** Unwraps an openapi-fetch answer: its data, or an {@link ApiError} from the problem it carries. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok && data !== undefined) return data;
  const problem = (error ?? {}) as { title?: unknown; detail?: unknown; message?: unknown };
  const title =
    typeof problem.title === 'string'
      ? problem.title
      : typeof problem.message === 'string'
        ? problem.message
        : response.statusText;
  throw new ApiError(
    response.status,
    title || `HTTP ${response.status}`,
    typeof problem.detail === 'string' ? problem.detail : undefined,
  );
}
