/**
 * Renders the OpenAPI document as one self-contained HTML page (no script, no CDN: it must work offline and under a
 * strict content security policy), readable by the people who integrate with the API.
 */
const escapeHtml = (text: unknown) =>
  String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  'x-roles'?: string[];
  parameters: Array<{ name: string; in: string; required: boolean; description?: string; schema: unknown }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

function schemaBlock(schema: unknown): string {
  return `<details><summary>schema</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`;
}

function renderOperation(method: string, path: string, op: Operation): string {
  const params = op.parameters
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${escapeHtml(p.description ?? '')}</td></tr>`,
    )
    .join('');
  const responses = Object.entries(op.responses)
    .map(([status, r]) => {
      const content =
        r.content === undefined
          ? ''
          : Object.entries(r.content)
              .map(([type, c]) => `<code>${escapeHtml(type)}</code>${schemaBlock(c.schema)}`)
              .join('');
      return `<li><strong>${escapeHtml(status)}</strong> ${escapeHtml(r.description)} ${content}</li>`;
    })
    .join('');
  const body =
    op.requestBody === undefined
      ? ''
      : `<h4>Request body</h4>${schemaBlock(op.requestBody.content['application/json']?.schema)}`;
  return `<section id="${escapeHtml(op.operationId)}"><h3><span class="m ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary)}</p>${op['x-roles'] ? `<p>Roles: ${op['x-roles'].map((r) => `<code>${escapeHtml(r)}</code>`).join(' ')}</p>` : '<p>Public</p>'}
${params ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>description</th></tr>${params}</table>` : ''}${body}<h4>Responses</h4><ul>${responses}</ul></section>`;
}

export function renderDocsPage(document: {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
}): string {
  const sections = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => renderOperation(method, path, op)),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2430}
section{border-top:1px solid #dde;padding:.5rem 0}code{background:#f3f4f8;padding:0 .25rem}pre{background:#f3f4f8;padding:.5rem;overflow:auto}
table{border-collapse:collapse}td,th{border:1px solid #dde;padding:.2rem .5rem;text-align:left}.m{font-weight:700;padding:0 .4rem;border-radius:3px;color:#fff;background:#4a5}
.m.post,.m.put{background:#c73}.m.delete{background:#c33}</style></head><body>
<h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1><p>${escapeHtml(document.info.description ?? '')}</p>
<p>The machine-readable document is at <a href="openapi.json"><code>/openapi.json</code></a> (OpenAPI 3.1). Authenticate with <code>Authorization: Bearer &lt;JWT&gt;</code>; errors are <code>application/problem+json</code>.</p>
${sections.join('\n')}</body></html>`;
}
