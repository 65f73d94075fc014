/**
 * Checks an answer the tests received against the OpenAPI document the API serves (`GET /openapi.json`, built from
 * `functions/routes.ts`), so that a field, status or content type added in code and not in the document fails a
 * test instead of surprising an integrator (docs/api.md).
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import { routes } from '../../functions/routes.js';
import { buildOpenApiDocument } from '../../shared/http/openapi.js';

/** One answer as a test received it. */
export interface ReceivedResponse {
  method: string;
  /** The route's path template, e.g. `/v1/tenants/{tenantId}/kpis`. */
  route: string;
  status: number;
  /** The `content-type` header; parameters such as `charset` are ignored. */
  contentType: string;
  /** The parsed JSON body (undefined when there was none). */
  body: unknown;
}

type Operation = { responses: Record<string, { content?: Record<string, { schema: object }> }> };

const document = buildOpenApiDocument(routes, { version: 'test' }) as unknown as {
  paths: Record<string, Record<string, Operation>>;
};

// ajv-formats is CommonJS: its default export arrives as the module object or as the plugin, depending on the loader.
const addFormats = ((formatsPlugin as unknown as { default?: typeof formatsPlugin }).default ??
  formatsPlugin) as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
addFormats(ajv);
// OpenAPI 3.1 allows `example` beside the JSON Schema keywords; it only annotates.
ajv.addKeyword('example');
const compiled = new Map<object, ValidateFunction>();

const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');

/** The path template of the documented route `path` (a concrete request path) belongs to, if any. */
export function routeTemplateOf(method: string, path: string): string | undefined {
  const segments = path.split('/');
  return Object.keys(document.paths).find((template) => {
    const parts = template.split('/');
    return (
      document.paths[template]?.[method.toLowerCase()] !== undefined &&
      parts.length === segments.length &&
      parts.every((part, i) => /^\{\w+\}$/.test(part) || part === segments[i])
    );
  });
}

/** What is wrong with the answer according to the document; empty when it conforms. */
export function undocumentedParts(response: ReceivedResponse): string[] {
  const label = `${response.method} ${response.route} → ${response.status}`;
  const operation = document.paths[response.route]?.[response.method.toLowerCase()];
  if (operation === undefined) return [`${response.method} ${response.route} is not in the OpenAPI document`];
  const documented = operation.responses[String(response.status)];
  if (documented === undefined)
    return [`${label}: status not documented (documented: ${Object.keys(operation.responses).join(', ')})`];
  // A response documented without content says nothing about its body (the document itself, the docs page).
  if (documented.content === undefined) return [];
  const mediaType = response.contentType.split(';')[0]!.trim().toLowerCase();
  const media = documented.content[mediaType];
  if (media === undefined)
    return [`${label}: content type ${mediaType || '(none)'} not documented (${Object.keys(documented.content)})`];
  if (!isJson(mediaType)) return [];
  let validate = compiled.get(media.schema);
  if (validate === undefined) {
    validate = ajv.compile(media.schema);
    compiled.set(media.schema, validate);
  }
  if (validate(response.body)) return [];
  return (validate.errors ?? []).map(
    (e) => `${label}: body${e.instancePath} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
  );
}

/** Throws, naming every difference, when the answer is not what the OpenAPI document says. */
export function expectDocumentedResponse(response: ReceivedResponse): void {
  const problems = undocumentedParts(response);
  if (problems.length > 0)
    throw new Error(`Answer differs from /openapi.json:\n${problems.join('\n')}\n${JSON.stringify(response.body)}`);
}
