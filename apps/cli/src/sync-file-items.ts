/**
 * Put a file's automation and scenario on the server: found by name (names are unique on a
 * server), updated to what the file says, or created. Only what the benchmark needs is
 * synchronised: its scenario and that scenario's automation.
 */
import type { Scenario } from '@tfbench/contract';
import type { ApiClient } from './api-client.js';
import type { FileAutomation, FileScenario } from './bench-file-schema.js';
import { CliError } from './errors.js';
import type { LoadedBenchFile } from './load-bench-file.js';

export async function syncScenario(
  client: ApiClient,
  file: LoadedBenchFile,
  scenarioKey: string,
): Promise<Scenario> {
  const { contents, locate } = file;
  const scenarioIndex = contents.scenarios.findIndex((s) => s.key === scenarioKey);
  const fileScenario = contents.scenarios[scenarioIndex];
  if (!fileScenario)
    throw new CliError(`${file.path}: missing scenario "${scenarioKey}" (named by --scenario)`);
  const fileAutomation = contents.automations.find((a) => a.key === fileScenario.automation);
  if (!fileAutomation) {
    throw new CliError(
      `${locate(['scenarios', scenarioIndex, 'automation'])}: unknown automation key "${fileScenario.automation}"`,
    );
  }
  const automationId = await upsertAutomation(client, fileAutomation);
  return upsertScenario(client, fileScenario, automationId);
}

async function upsertAutomation(client: ApiClient, item: FileAutomation): Promise<number> {
  const { key: _key, ...body } = item;
  const existing = (await client.listAutomations()).find((a) => sameName(a.name, body.name));
  if (existing) return (await client.updateAutomation(existing.id, body)).id;
  return (await client.createAutomation(body)).id;
}

async function upsertScenario(
  client: ApiClient,
  item: FileScenario,
  automationId: number,
): Promise<Scenario> {
  const { key: _key, automation: _automation, ...fields } = item;
  const body = { ...fields, automation_id: automationId };
  const existing = (await client.listScenarios()).find((s) => sameName(s.name, body.name));
  if (existing) return client.updateScenario(existing.id, body);
  return client.createScenario(body);
}

/** The server's notion of a duplicate name: ignoring case and surrounding spaces. */
function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
