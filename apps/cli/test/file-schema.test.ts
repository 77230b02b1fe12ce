/**
 * The committed JSON Schema of the tfbench file is the one its zod schemas give (run
 * `npm run schema:cli` when this fails), and it describes the files the CLI reads.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FILE_SCHEMA_PATH, fileJsonSchema } from '../src/file-json-schema.js';
import { ISSUE_BENCH_YAML, REPO_ROOT } from './harness.js';

describe('the JSON Schema of the tfbench file', () => {
  it('is up to date with the zod schemas (npm run schema:cli rewrites it)', async () => {
    const committed = JSON.parse(await readFile(path.join(REPO_ROOT, FILE_SCHEMA_PATH), 'utf8'));
    expect(committed).toEqual(fileJsonSchema());
  });

  it('names the top-level sections, refuses unknown ones, and documents the issue file', () => {
    const schema = fileJsonSchema() as {
      properties: Record<string, unknown>;
      additionalProperties: boolean;
      $defs: Record<string, { required?: string[]; properties: Record<string, unknown> }>;
    };
    expect(Object.keys(schema.properties)).toEqual([
      'automations',
      'datasets',
      'scenarios',
      'benchmarks',
      'benchmark',
    ]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.$defs.ConfigScenario?.required).toEqual(
      expect.arrayContaining(['key', 'name', 'automation']),
    );
    expect(schema.$defs.ConfigDataset?.required).toEqual(['key', 'name']);
    expect(schema.$defs.ConfigBenchmark?.required).toEqual(
      expect.arrayContaining(['key', 'name', 'scenario', 'iterations', 'concurrency']),
    );
    const file = parse(ISSUE_BENCH_YAML) as Record<string, Array<Record<string, unknown>>>;
    for (const field of Object.keys(file.scenarios?.[0] ?? {})) {
      expect(schema.$defs.ConfigScenario?.properties).toHaveProperty(field);
    }
  });
});
