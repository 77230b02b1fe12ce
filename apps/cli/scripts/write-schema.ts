/** Rewrites the committed JSON Schema of the tfbench file from its zod schemas (npm run schema:cli). */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FILE_SCHEMA_PATH, fileJsonSchemaText } from '../src/file-json-schema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
await writeFile(path.join(root, FILE_SCHEMA_PATH), fileJsonSchemaText());
// In the repository's JSON style, so that `biome check .` passes on the committed file.
execFileSync(path.join(root, 'node_modules/.bin/biome'), ['format', '--write', FILE_SCHEMA_PATH], {
  cwd: root,
  stdio: 'ignore',
});
console.log(`wrote ${FILE_SCHEMA_PATH}`);
