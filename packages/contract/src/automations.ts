/**
 * Wire schemas of automations: what the API accepts on create and update, and what it returns.
 * Field names are the column names (snake_case), as in the original service.
 */
import { z } from 'zod';
import { credentialConfigRead, credentialConfigWrite } from './automation-credentials.ts';
import { boundedJson, configurableResource, NAME_MAX, TEXT_MAX, text } from './common.ts';
import { tinyfishConfig, tinyfishInputs } from './providers/tinyfish.ts';
import { AUTOMATION_MODES, PROVIDERS } from './vocabulary.ts';

const name = text({ min: 1, max: NAME_MAX }).meta({ description: 'Human-readable name.' });
const tinyfishAutomationId = text({ max: NAME_MAX })
  .nullable()
  .meta({ description: 'The automation id on TinyFish, if it has one.' });
const description = text({ max: TEXT_MAX }).nullable().meta({ description: 'Free text.' });
/**
 * Any provider's object: the provider's own schema is checked when the automation is saved
 * (the provider is known then), so here it only documents which schema applies.
 */
function byProviderSchema<T extends z.ZodType>(tinyfish: T) {
  return z.union([tinyfish, z.record(z.string(), z.unknown())]);
}
const defaultInputs = boundedJson(byProviderSchema(tinyfishInputs)).meta({
  description:
    "Inputs every run of this automation starts from; scenarios and triggers override them key by key. Checked against the provider's inputs schema (TinyFishInputs for tinyfish) when saved.",
});
const provider = z.enum(PROVIDERS).meta({ description: 'Who executes the runs (default tinyfish).' });
/**
 * What every provider's config may say, checked on the wire whatever the provider: any
 * provider's mode here; which modes a provider takes is its own schema's say, when saved.
 */
const commonConfig = z.looseObject({
  mode: z.enum(AUTOMATION_MODES).nullable().optional().meta({
    description:
      "How runs are called: sse, sync or async (tinyfish), stream or non_stream (openai); null means the provider's default.",
  }),
  base_url: tinyfishConfig.shape.base_url,
  ...credentialConfigWrite,
});
const config = boundedJson(z.intersection(commonConfig, byProviderSchema(tinyfishConfig))).meta({
  description:
    "How runs of this automation are executed, by the provider's config schema (TinyFishConfig for tinyfish); unknown keys are kept. Checked when saved: a bad value is a 400 naming the field, e.g. config.base_url.",
});

/** The bodies of POST /api/v1/automations and of PUT /api/v1/automations/{id} (only the fields sent change). */
export const { create: automationCreate, update: automationUpdate } = configurableResource.writes(
  'Automation',
  { name },
  {
    tinyfish_automation_id: tinyfishAutomationId,
    description,
    default_inputs: defaultInputs,
    provider,
    config,
  },
);

/** An automation as the API returns it. */
export const automation = configurableResource.read('Automation', {
  tinyfish_automation_id: z.string().nullable(),
  description: z.string().nullable(),
  default_inputs: z.record(z.string(), z.unknown()),
  provider: z.enum(PROVIDERS),
  config: z.looseObject(credentialConfigRead),
});

/** An automation as the API returns it. */
export type Automation = z.output<typeof automation>;
/** The body of POST /api/v1/automations. */
export type AutomationCreate = z.input<typeof automationCreate>;
/** The body of PUT /api/v1/automations/{id}. */
export type AutomationUpdate = z.input<typeof automationUpdate>;
