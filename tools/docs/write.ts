/** `npm run docs`: writes the generated documents of tools/docs/generate.ts. */
import { writeFileSync } from 'node:fs';
import { generatedDocuments } from './generate.js';

for (const [path, text] of Object.entries(generatedDocuments())) {
  writeFileSync(path, text);
  process.stdout.write(`wrote ${path}\n`);
}
