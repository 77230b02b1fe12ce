/**
 * Wire schemas of saved benchmark definitions: a name, a scenario, and the load settings a
 * benchmark request takes (the same fields and bounds as POST /benchmarks), kept so the same
 * benchmark can be started again with POST /benchmark-definitions/{id}/run.
 */
import { z } from 'zod';
import { benchmarkCreate } from './benchmarks.ts';
import { bodyId, NAME_MAX, paginationQuery, text, timestamp } from './common.ts';

/** The benchmark request's fields a definition keeps: all but the scenario and the name. */
export const benchmarkDefinitionSettings = benchmarkCreate.omit({ scenario_id: true, name: true });

const definitionName = text({ min: 1, max: NAME_MAX }).meta({
  description: 'Human-readable name; the benchmarks it starts take it.',
});

/** POST /api/v1/benchmark-definitions */
export const benchmarkDefinitionCreate = z
  .strictObject({
    name: definitionName,
    scenario_id: bodyId('The scenario to benchmark.'),
    ...benchmarkDefinitionSettings.shape,
  })
  .meta({ id: 'BenchmarkDefinitionCreate' });

/** PATCH /api/v1/benchmark-definitions/{id}: the fields sent replace; null clears an optional one. */
export const benchmarkDefinitionUpdate = benchmarkDefinitionCreate
  .partial()
  .meta({ id: 'BenchmarkDefinitionUpdate' });

/** A saved definition as the API returns it. */
export const benchmarkDefinition = z
  .object({
    id: z.number().int(),
    key: z
      .string()
      .nullable()
      .meta({ description: 'Its key in configuration as code (null until a configuration apply names it).' }),
    name: z.string(),
    scenario_id: z.number().int(),
    settings: z
      .record(z.string(), z.unknown())
      .meta({ description: 'The benchmark request fields it starts with (iterations, concurrency, ...).' }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'BenchmarkDefinition' });

/** GET /api/v1/benchmark-definitions */
export const benchmarkDefinitionListQuery = z.object(paginationQuery);

export type BenchmarkDefinition = z.output<typeof benchmarkDefinition>;
export type BenchmarkDefinitionCreate = z.input<typeof benchmarkDefinitionCreate>;
export type BenchmarkDefinitionUpdate = z.input<typeof benchmarkDefinitionUpdate>;
export type BenchmarkDefinitionSettings = z.input<typeof benchmarkDefinitionSettings>;
