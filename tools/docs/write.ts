/** `npm run docs`: writes the generated documents of tools/docs/generate.ts and the dashboard's API types. */
import { writeFileSync } from 'node:fs';
import { dashboardApiDocuments } from './api-types.js';
import { generatedDocuments } from './generate.js';

const documents = { ...generatedDocuments(), ...(await dashboardApiDocuments()) };
for (const [path, text] of Object.entries(documents)) {
  writeFileSync(path, text);
  process.stdout.write(`wrote ${path}\n`);
}
