/**
 * `automations.config.base_url` is stored but the engine does not use it yet: the API
 * documentation must not present it as an override that works.
 */
import { describeEachDatabase } from '@tfbench/core/testing';
import { expect, it } from 'vitest';
import { useApp } from './helpers.js';

/** Every schema the document gives for a property named `name`, wherever it appears. */
function propertySchemas(node: unknown, name: string, out: Array<Record<string, unknown>> = []) {
  if (Array.isArray(node)) for (const item of node) propertySchemas(item, name, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && value && typeof value === 'object' && name in value)
        out.push((value as Record<string, Record<string, unknown>>)[name]!);
      propertySchemas(value, name, out);
    }
  }
  return out;
}

describeEachDatabase('OpenAPI: automations.config.base_url', (getDb) => {
  const app = useApp(getDb);

  it('says the field is not used yet instead of advertising an override', async () => {
    const document = (await app().inject({ method: 'GET', url: '/openapi.json' })).json();
    const schemas = propertySchemas(document, 'base_url');
    expect(schemas.length).toBeGreaterThan(0);
    for (const schema of schemas) {
      expect(String(schema.description)).toMatch(/not used yet/);
      expect(String(schema.description)).not.toMatch(/^Overrides/);
    }
  });
});
