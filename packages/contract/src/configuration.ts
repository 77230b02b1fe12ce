/**
 * Configuration as code: a document that declares automations, datasets, scenarios and saved
 * benchmark definitions, each under a stable `key` (scenarios name their automation and their
 * dataset by key, benchmarks their scenario), and the plan that applying it makes (what is
 * created, updated, deleted, matched by key). The `tfbench` file format is this document plus
 * an optional `benchmark` section, so one file serves `run` and `apply`.
 */
import { z } from 'zod';
import { automationCreate } from './automations.ts';
import { benchmarkDefinitionCreate, benchmarkDefinitionSettings } from './benchmark-definitions.ts';
import { datasetCreate } from './datasets.ts';
import { scenarioCreate } from './scenarios.ts';

/**
 * Most items of one kind a document may declare, and the most bytes of a document (the API's
 * body limit): datasets' rows count towards it.
 */
export const CONFIG_LIMITS = { maxItems: 1_000, maxBodyBytes: 4 * 1024 * 1024 } as const;

export const CONFIG_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export const configKey = z
  .string({ error: 'must be a string' })
  .regex(CONFIG_KEY_PATTERN, 'must be 1 to 100 letters, digits, _, . or -, starting with a letter or digit')
  .meta({ description: 'Stable identifier of this item: apply matches items on the server by it.' });

// Key first, then name: the order an export writes and a person reads.
export const configAutomation = z
  .strictObject({ key: configKey, ...automationCreate.shape })
  .meta({ id: 'ConfigAutomation' });

const { automation_id: _automationId, name, ...scenarioFields } = scenarioCreate.shape;

export const configScenario = z
  .strictObject({
    key: configKey,
    name,
    automation: configKey.meta({ description: "The key of this scenario's automation." }),
    ...scenarioFields,
  })
  .meta({ id: 'ConfigScenario' });

export const configDataset = z.strictObject({ key: configKey, ...datasetCreate.shape }).meta({
  id: 'ConfigDataset',
  description:
    "Rows or a synthetic generator, as POST /datasets takes them. A scenario names it in run_settings.dataset: {key, order, seed}. Rows count towards the document's size limit.",
});

export const configBenchmark = z
  .strictObject({
    key: configKey,
    name: benchmarkDefinitionCreate.shape.name,
    scenario: configKey.meta({ description: 'The key of the scenario it benchmarks.' }),
    ...benchmarkDefinitionSettings.shape,
  })
  .meta({
    id: 'ConfigBenchmark',
    description: 'A saved benchmark definition (not a run): POST /benchmark-definitions/{id}/run starts it.',
  });

const items = <T extends z.ZodType>(item: T) =>
  z.array(item).max(CONFIG_LIMITS.maxItems, `must have at most ${CONFIG_LIMITS.maxItems} items`).default([]);

/** The declared configuration: every field as the create routes take it, plus keys. */
export const configDocument = z
  .strictObject({
    automations: items(configAutomation),
    datasets: items(configDataset),
    scenarios: items(configScenario),
    benchmarks: items(configBenchmark),
  })
  .meta({ id: 'ConfigDocument' });

/** POST /api/v1/config/plan */
export const configPlanRequest = z
  .strictObject({
    document: configDocument,
    prune: z.boolean().optional().meta({
      description:
        'Also delete the automations, datasets, scenarios and benchmark definitions the document does not declare, scenarios and automations with their runs and benchmarks (admin role).',
    }),
  })
  .meta({ id: 'ConfigPlanRequest' });

/** POST /api/v1/config/apply */
export const configApplyRequest = configPlanRequest
  .extend({
    dry_run: z.boolean().optional().meta({ description: 'Answer the plan without changing anything.' }),
  })
  .meta({ id: 'ConfigApplyRequest' });

export const CONFIG_KINDS = ['automation', 'dataset', 'scenario', 'benchmark'] as const;
export const CONFIG_ACTIONS = ['create', 'update', 'delete', 'unchanged'] as const;

export const configPlanItem = z
  .object({
    kind: z.enum(CONFIG_KINDS),
    key: z.string(),
    action: z.enum(CONFIG_ACTIONS),
    id: z.number().int().nullable().meta({ description: 'The item on the server (null: to be created).' }),
    name: z.string(),
    fields: z.array(z.string()).meta({
      description:
        'The fields an update changes; `key` when an item without a key is taken over by its name; write-only credentials are always listed when given.',
    }),
  })
  .meta({ id: 'ConfigPlanItem' });

export const configPlan = z
  .object({
    applied: z
      .boolean()
      .meta({ description: 'Whether the changes were made (false for a plan or a dry run).' }),
    items: z.array(configPlanItem),
    counts: z.object({
      create: z.number().int(),
      update: z.number().int(),
      delete: z.number().int(),
      unchanged: z.number().int(),
    }),
  })
  .meta({ id: 'ConfigPlan' });

export type ConfigDocument = z.output<typeof configDocument>;
export type ConfigDocumentInput = z.input<typeof configDocument>;
export type ConfigAutomation = z.output<typeof configAutomation>;
export type ConfigScenario = z.output<typeof configScenario>;
export type ConfigDataset = z.output<typeof configDataset>;
export type ConfigBenchmark = z.output<typeof configBenchmark>;
export type ConfigPlanRequest = z.input<typeof configPlanRequest>;
export type ConfigApplyRequest = z.input<typeof configApplyRequest>;
export type ConfigPlanItem = z.output<typeof configPlanItem>;
export type ConfigPlan = z.output<typeof configPlan>;
export type ConfigKind = (typeof CONFIG_KINDS)[number];
export type ConfigAction = (typeof CONFIG_ACTIONS)[number];
