/** `npm run docs`: writes the generated documents of tools/docs/generate.ts and the dashboard's API types. */
import { writeFileSync } from 'node:fs';
import { API_TYPES_PATH, apiTypesDocument } from './api-types.js';
import { generatedDocuments } from './generate.js';

const documents = { ...generatedDocuments(), [API_TYPES_PATH]: await apiTypesDocument() };
for (const [path, text] of Object.entries(documents)) {
  writeFileSync(path, text);
  process.stdout.write(`wrote ${path}\n`);
}
