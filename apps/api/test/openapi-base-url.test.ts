/**
 * `automations.config` and `default_inputs` are documented by the provider's own schemas, and
 * `config.base_url` as the override it is (runs go there).
 */
import { describeEachDatabase } from '@tfbench/core/testing';
import { expect, it } from 'vitest';
import { useApp } from './helpers.js';

describeEachDatabase('OpenAPI: the provider schemas of automations', (getDb) => {
  const app = useApp(getDb);

  it('shows TinyFishConfig and TinyFishInputs, and base_url as where the runs go', async () => {
    const document = (await app().inject({ method: 'GET', url: '/openapi.json' })).json();
    const schemas = document.components.schemas as Record<string, { properties: Record<string, unknown> }>;
    // Request-side schemas are named with an Input suffix.
    const named = (prefix: string) => Object.entries(schemas).find(([name]) => name.startsWith(prefix))?.[1];
    const config = named('TinyFishConfig');
    expect(Object.keys(config?.properties ?? {})).toEqual(expect.arrayContaining(['mode', 'base_url']));
    expect(JSON.stringify(config?.properties.base_url)).toMatch(/runs go instead of the server-wide/);
    expect(Object.keys(named('TinyFishInputs')?.properties ?? {})).toEqual(
      expect.arrayContaining(['url', 'goal', 'browser_profile', 'proxy_config']),
    );
    expect(JSON.stringify(named('AutomationCreate'))).toContain('#/components/schemas/TinyFishConfig');
    expect(JSON.stringify(named('AutomationCreate'))).toContain('#/components/schemas/TinyFishInputs');
  });
});
