/**
 * The benchmark file's format: automations and scenarios as the API creates them, each with a
 * stable `key`, scenarios naming their automation by key, and one benchmark naming its
 * scenario by key. Field rules are the API's own (the contract's schemas), so a file that
 * passes here is accepted by the server field for field.
 */
import { automationCreate, benchmarkCreate, scenarioCreate } from '@tfbench/contract';
import { z } from 'zod';

const key = z
  .string({ error: 'must be a string' })
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/,
    'must be 1 to 100 letters, digits, _, . or -, starting with a letter or digit',
  )
  .meta({ description: 'Stable identifier of this item within the file; other items refer to it.' });

export const fileAutomation = automationCreate.extend({ key });

export const fileScenario = scenarioCreate
  .omit({ automation_id: true })
  .extend({ key, automation: key.meta({ description: "The key of this scenario's automation." }) });

export const fileBenchmark = benchmarkCreate
  .omit({ scenario_id: true })
  .extend({ scenario: key.meta({ description: 'The key of the scenario to benchmark.' }) });

export const benchFile = z.strictObject({
  automations: z.array(fileAutomation).default([]),
  scenarios: z.array(fileScenario).default([]),
  benchmark: fileBenchmark.optional(),
});

export type BenchFile = z.output<typeof benchFile>;
export type FileAutomation = z.output<typeof fileAutomation>;
export type FileScenario = z.output<typeof fileScenario>;
export type FileBenchmark = z.output<typeof fileBenchmark>;
