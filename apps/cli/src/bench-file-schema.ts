/**
 * The tfbench file format: automations, datasets, scenarios and saved benchmarks as
 * configuration as code declares them (the API's own document: each item with a stable `key`,
 * scenarios naming their automation and dataset by key, saved benchmarks their scenario),
 * plus one optional benchmark naming its scenario by key. `run` reads the benchmark (or,
 * with --benchmark KEY, a saved one); `apply` and `export` the rest. Field rules are the API's own (the contract's schemas), so a
 * file that passes here is accepted by the server field for field.
 */
import {
  benchmarkCreate,
  configAutomation,
  configDocument,
  configKey,
  configScenario,
} from '@tfbench/contract';
import type { z } from 'zod';

export const fileAutomation = configAutomation;

export const fileScenario = configScenario;

export const fileBenchmark = benchmarkCreate
  .omit({ scenario_id: true })
  .extend({ scenario: configKey.meta({ description: 'The key of the scenario to benchmark.' }) });

export const benchFile = configDocument.extend({
  benchmark: fileBenchmark
    .optional()
    .meta({ description: 'What `tfbench run` runs; `apply` leaves it aside.' }),
});

export type BenchFile = z.output<typeof benchFile>;
export type FileAutomation = z.output<typeof fileAutomation>;
export type FileScenario = z.output<typeof fileScenario>;
export type FileBenchmark = z.output<typeof fileBenchmark>;
