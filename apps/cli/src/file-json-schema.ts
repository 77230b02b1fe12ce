/**
 * The JSON Schema of the tfbench file, generated from the same zod schemas that check it, for
 * completion and checking in editors (yaml-language-server, VS Code). The committed copy is
 * apps/cli/schema/tfbench.schema.json; `npm run schema:cli` rewrites it and a test fails
 * while it is stale.
 */
import { z } from 'zod';
import { benchFile } from './bench-file-schema.js';

export const FILE_SCHEMA_PATH = 'apps/cli/schema/tfbench.schema.json';

export function fileJsonSchema(): Record<string, unknown> {
  // The input side: what a person writes (defaults optional), not what the parser hands on.
  const schema = z.toJSONSchema(benchFile, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  return {
    ...schema,
    title: 'tfbench file',
    description:
      'Automations, datasets, scenarios and saved benchmarks under stable keys (tfbench apply, export) and a benchmark of one of the scenarios (tfbench run).',
  };
}

export function fileJsonSchemaText(): string {
  return `${JSON.stringify(fileJsonSchema(), null, 2)}\n`;
}
