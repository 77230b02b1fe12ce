import type { Automation } from '@tfbench/contract';

/**
 * A stored TinyFish automation in sync mode with no secrets set, with `values` on top.
 *
 * @example
 * automationOf({ id: 3, name: 'Local LLM', provider: 'openai', config: { … } });
 */
export function automationOf(values: Partial<Automation>): Automation {
  return {
    id: 1,
    name: 'Automation',
    key: null,
    description: null,
    provider: 'tinyfish',
    tinyfish_automation_id: null,
    default_inputs: {},
    config: { mode: 'sync', api_key_set: false, headers_set: [] },
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    ...values,
  } as Automation;
}
