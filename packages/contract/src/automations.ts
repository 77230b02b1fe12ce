/**
 * Wire schemas of automations: what the API accepts on create and update, and what it returns.
 * Field names are the column names (snake_case), as in the original service.
 */
import { z } from 'zod';
import { credentialConfigRead, credentialConfigWrite } from './automation-credentials.ts';
import { jsonObject, looseJsonObject, NAME_MAX, TEXT_MAX, text, timestamp } from './common.ts';
import { AUTOMATION_MODES, PROVIDERS } from './vocabulary.ts';

const name = text({ min: 1, max: NAME_MAX }).meta({ description: 'Human-readable name.' });
const tinyfishAutomationId = text({ max: NAME_MAX })
  .nullable()
  .meta({ description: 'The automation id on TinyFish, if it has one.' });
const description = text({ max: TEXT_MAX }).nullable().meta({ description: 'Free text.' });
const defaultInputs = jsonObject(
  'Inputs every run of this automation starts from; scenarios and triggers override them key by key.',
);
const provider = z.enum(PROVIDERS).meta({ description: 'Who executes the runs (default tinyfish).' });
const config = looseJsonObject(
  {
    mode: z
      .enum(AUTOMATION_MODES)
      .nullable()
      .optional()
      .meta({ description: 'How runs are called (default sse); null means the default.' }),
    base_url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(2048)
      .nullable()
      .optional()
      .meta({
        description:
          'Stored, but not used yet: runs go to the server-wide base URL (TINYFISH_BASE_URL) whatever this says.',
      }),
    ...credentialConfigWrite,
  },
  'How runs of this automation are executed; unknown keys are kept.',
);

/** POST /api/v1/automations */
export const automationCreate = z
  .strictObject({
    name,
    tinyfish_automation_id: tinyfishAutomationId.optional(),
    description: description.optional(),
    default_inputs: defaultInputs.optional(),
    provider: provider.optional(),
    config: config.optional(),
  })
  .meta({ id: 'AutomationCreate' });

/** PUT /api/v1/automations/{id}: only the fields sent change. */
export const automationUpdate = z
  .strictObject({
    name: name.optional(),
    tinyfish_automation_id: tinyfishAutomationId.optional(),
    description: description.optional(),
    default_inputs: defaultInputs.optional(),
    provider: provider.optional(),
    config: config.optional(),
  })
  .meta({ id: 'AutomationUpdate' });

/** An automation as the API returns it. */
export const automation = z
  .object({
    id: z.number().int(),
    name: z.string(),
    tinyfish_automation_id: z.string().nullable(),
    description: z.string().nullable(),
    default_inputs: z.record(z.string(), z.unknown()),
    provider: z.enum(PROVIDERS),
    config: z.looseObject(credentialConfigRead),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Automation' });

/** An automation as the API returns it. */
export type Automation = z.output<typeof automation>;
/** The body of POST /api/v1/automations. */
export type AutomationCreate = z.input<typeof automationCreate>;
/** The body of PUT /api/v1/automations/{id}. */
export type AutomationUpdate = z.input<typeof automationUpdate>;
