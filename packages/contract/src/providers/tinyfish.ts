/**
 * What a TinyFish automation accepts: its `config` and its inputs (the automation's
 * `default_inputs`, merged with a scenario's template and a trigger's override into the
 * run-creation body). Unknown keys are kept: the original service accepted them, and inputs
 * TinyFish does not document stay in the run's record without being sent.
 */
import { z } from 'zod';

const httpUrl = (description: string) =>
  z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2048)
    .meta({ description });

/** How TinyFish runs are called: streamed, one blocking request, or queued and polled. */
export const TINYFISH_MODES = ['sse', 'sync', 'async'] as const;

/** `config` of a TinyFish automation. */
export const tinyfishConfig = z
  .looseObject({
    mode: z
      .enum(TINYFISH_MODES)
      .nullable()
      .optional()
      .meta({ description: 'How runs are called (default sse); null means the default.' }),
    base_url: httpUrl(
      "Where this automation's runs go instead of the server-wide TINYFISH_BASE_URL, e.g. a TinyFish-compatible gateway; checked against the outbound address policy when saved.",
    )
      .nullable()
      .optional(),
  })
  .meta({ id: 'TinyFishConfig', description: 'The config of a TinyFish automation (provider `tinyfish`).' });

const PROXY_COUNTRIES = ['US', 'GB', 'CA', 'DE', 'FR', 'JP', 'AU'] as const;

/** The inputs of a TinyFish run, as TinyFish's run-creation body documents them. */
export const tinyfishInputs = z
  .looseObject({
    url: httpUrl('The page the agent starts on.').optional(),
    goal: z.string().min(1).meta({ description: 'What the agent should do, in plain words.' }).optional(),
    prompt: z
      .string()
      .meta({ description: "Sent as `goal` when there is no goal (the original's inputs)." })
      .optional(),
    browser_profile: z.enum(['lite', 'stealth']).meta({ description: 'Default lite.' }).optional(),
    proxy_config: z
      .looseObject({
        enabled: z.boolean(),
        type: z.enum(['tetra', 'custom']).optional(),
        country_code: z.enum(PROXY_COUNTRIES).optional(),
        url: z.string().optional(),
      })
      .meta({ description: '`enabled` is required; `country_code` applies to the tetra proxy.' })
      .optional(),
    agent_config: z
      .looseObject({
        mode: z.enum(['default', 'strict']).optional(),
        max_steps: z.number().int().min(1).max(500).optional(),
      })
      .optional(),
    capture_config: z.record(z.string(), z.boolean()).optional(),
    api_integration: z.string().optional(),
    webhook_url: z
      .url({ protocol: /^https$/, error: 'must be an https URL' })
      .max(2048)
      .optional(),
    use_vault: z.boolean().optional(),
    credential_item_ids: z.array(z.string().min(1)).min(1).optional(),
    output_schema: z.union([z.boolean(), z.record(z.string(), z.unknown())]).optional(),
    mock: z
      .record(z.string(), z.unknown())
      .meta({ description: 'Behaviour of the built-in mock server, in mock mode only.' })
      .optional(),
  })
  .meta({ id: 'TinyFishInputs', description: 'The inputs of a TinyFish run (provider `tinyfish`).' });
