/**
 * Create the example automations and scenarios that do not exist yet. An automation is
 * matched by name, a scenario by name within its automation; existing rows are left exactly
 * as they are (a user may have edited them), so running the seed twice changes nothing.
 */
import type { Scenario } from '@tfbench/core/db';
import {
  type AutomationView,
  type CoreDeps,
  createAutomation,
  createScenario,
  listAutomations,
  listScenarios,
  MAX_LIMIT,
} from '@tfbench/core/services';
import { type ExampleAutomation, SEED_ALLOWED_ORIGINS } from './examples.js';

export interface SeedReport {
  automations: { created: string[]; existing: string[] };
  scenarios: { created: string[]; existing: string[] };
}

export async function seedExamples(
  given: CoreDeps,
  examples: readonly ExampleAutomation[],
): Promise<SeedReport> {
  const outbound = given.outbound ?? { allowedHosts: [] };
  const deps: CoreDeps = {
    ...given,
    outbound: { ...outbound, allowedOrigins: [...(outbound.allowedOrigins ?? []), ...SEED_ALLOWED_ORIGINS] },
  };
  const report: SeedReport = {
    automations: { created: [], existing: [] },
    scenarios: { created: [], existing: [] },
  };
  const automationsByName = byName(await allAutomations(deps));
  for (const example of examples) {
    let automation = automationsByName.get(example.automation.name);
    if (automation) {
      report.automations.existing.push(automation.name);
    } else {
      automation = await createAutomation(deps, example.automation);
      automationsByName.set(automation.name, automation);
      report.automations.created.push(automation.name);
    }
    const scenariosByName = byName(await allScenariosOf(deps, automation.id));
    for (const scenario of example.scenarios) {
      const label = `${automation.name} / ${scenario.name}`;
      if (scenariosByName.has(scenario.name)) {
        report.scenarios.existing.push(label);
        continue;
      }
      const created = await createScenario(deps, { ...scenario, automation_id: automation.id });
      scenariosByName.set(created.name, created);
      report.scenarios.created.push(label);
    }
  }
  return report;
}

/** The first row of each name wins, as in a list ordered oldest first. */
function byName<T extends { name: string }>(rows: T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const row of rows) if (!map.has(row.name)) map.set(row.name, row);
  return map;
}

async function allAutomations(deps: CoreDeps): Promise<AutomationView[]> {
  const rows: AutomationView[] = [];
  for (let skip = 0; ; skip += MAX_LIMIT) {
    const page = await listAutomations(deps, { skip, limit: MAX_LIMIT });
    rows.push(...page.items);
    if (page.items.length < MAX_LIMIT) return rows;
  }
}

async function allScenariosOf(deps: CoreDeps, automationId: number): Promise<Scenario[]> {
  const rows: Scenario[] = [];
  for (let skip = 0; ; skip += MAX_LIMIT) {
    const page = await listScenarios(deps, { skip, limit: MAX_LIMIT, automation_id: automationId });
    rows.push(...page.items);
    if (page.items.length < MAX_LIMIT) return rows;
  }
}
