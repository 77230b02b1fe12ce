/**
 * `tfbench run --benchmark KEY`: find the saved benchmark with that key on the server and
 * start it there, with the settings it was saved with (the server's run route checks them
 * and the caller's limits as for any benchmark request).
 */
import type { CreatedBenchmark, Scenario } from '@tfbench/contract';
import type { ApiClient } from './api-client.js';
import { CliError } from './errors.js';

export async function startSavedBenchmark(
  client: ApiClient,
  key: string,
): Promise<{ scenario: Scenario; created: CreatedBenchmark }> {
  const definitions = await client.listBenchmarkDefinitions();
  const definition = definitions.find((saved) => saved.key === key);
  if (!definition) {
    const keys = definitions.flatMap((saved) => (saved.key === null ? [] : [`"${saved.key}"`]));
    throw new CliError(
      `no saved benchmark with key "${key}" on ${client.baseUrl} (${keys.length > 0 ? `it has ${keys.join(', ')}` : 'it has none with a key'}); declare it under benchmarks: in a file and tfbench apply it`,
    );
  }
  const scenario = await client.getScenario(definition.scenario_id);
  return { scenario, created: await client.runBenchmarkDefinition(definition.id) };
}
