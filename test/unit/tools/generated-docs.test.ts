import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalEvents } from '../../../events/catalog.js';
import { routes } from '../../../functions/routes.js';
import { dashboardApiDocuments, withComponentSchemas } from '../../../tools/docs/api-types.js';
import { generatedDocuments } from '../../../tools/docs/generate.js';

describe('Generated reference documents', () => {
  it.each(Object.entries(generatedDocuments()))('%s is up to date with the code (run `npm run docs`)', (path, text) => {
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('documents every field of every canonical event and every route', () => {
    const { 'docs/events.md': events, 'docs/api.md': api } = generatedDocuments();
    for (const event of canonicalEvents) {
      expect(events).toContain(`## \`${event.detailType}\``);
      const fields = Object.keys((event.schema as unknown as { shape: object }).shape);
      expect(fields.length).toBeGreaterThan(4);
      for (const field of fields) expect(events).toContain(`| \`${field}\` |`);
    }
    for (const route of routes) expect(api).toContain(`| ${route.method} | \`${route.path}\` |`);
  });
});

const dashboardDocuments = await dashboardApiDocuments();

describe("The dashboard's API types", () => {
  it.each(Object.entries(dashboardDocuments))('%s is up to date with the routes (run `npm run docs`)', (path, text) => {
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('moves every zod definition to components.schemas and points each reference there', () => {
    const document = withComponentSchemas({
      paths: {
        '/a': { $ref: '#/$defs/A', $defs: { A: { type: 'object', properties: { b: { $ref: '#/$defs/B' } } } } },
      },
      other: { $defs: { B: { type: 'string' } } },
    });
    expect(JSON.stringify(document)).not.toContain('$defs');
    expect(document.components).toEqual({
      schemas: {
        A: { type: 'object', properties: { b: { $ref: '#/components/schemas/B' } } },
        B: { type: 'string' },
      },
    });
    expect(() =>
      withComponentSchemas({ x: { $defs: { A: { type: 'string' } } }, y: { $defs: { A: { type: 'number' } } } }),
    ).toThrow(/"A" is defined twice/);
  });
});
