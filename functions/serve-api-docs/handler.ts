import { apiHandler } from '../../shared/http/api-handler.js';
import { apiRoutes } from '../../shared/http/api-routes.js';
import { renderDocsPage } from '../../shared/http/docs-page.js';
import { buildOpenApiDocument } from '../../shared/http/openapi.js';
import { once } from '../../shared/runtime/config.js';
import { routes } from '../routes.js';
import { getDocsRoute, getOpenApiRoute } from './route.js';

const API_VERSION = '1.0.0';
const document = once(() => buildOpenApiDocument(routes, { version: API_VERSION }));
const page = once(() => renderDocsPage(document() as never));

const openApi = apiHandler(getOpenApiRoute, async () => ({ body: document() }));
const docs = apiHandler(getDocsRoute, async () => ({
  raw: { contentType: 'text/html; charset=utf-8', body: page() },
  headers: { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" },
}));

/** Serves both documentation routes from one function: the document and its rendering. */
export const handler = apiRoutes([openApi, docs]);
