/**
 * `npm run seed`: the example automations and scenarios, created once. Runs on PGlite and on
 * PostgreSQL; the CLI is run for real on a temporary PGlite folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseHandle } from '@tfbench/core/db';
import { listAutomations, listScenarios, updateAutomation } from '@tfbench/core/services';
import { describeEachDatabase } from '@tfbench/core/testing';
import { parseThreshold } from '@tfbench/domain/thresholds';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../scripts/seed/examples.js';
import { seedExamples } from '../scripts/seed/seed-examples.js';
import { repoRoot, run } from './deploy-support.js';

const exampleScenarioCount = EXAMPLES.reduce((n, e) => n + e.scenarios.length, 0);

async function snapshot(db: DatabaseHandle) {
  const automations = await listAutomations({ db }, { limit: 1000 });
  const scenarios = await listScenarios({ db }, { limit: 1000 });
  return { automations: automations.items, scenarios: scenarios.items };
}

describe('the example data', () => {
  it('has unique names, and scenario names unique within their automation', () => {
    const names = EXAMPLES.map((e) => e.automation.name);
    expect(new Set(names).size).toBe(names.length);
    for (const example of EXAMPLES) {
      const scenarios = example.scenarios.map((s) => s.name);
      expect(new Set(scenarios).size, example.automation.name).toBe(scenarios.length);
    }
  });

  it('has thresholds in the threshold language', () => {
    for (const scenario of EXAMPLES.flatMap((e) => e.scenarios)) {
      for (const threshold of scenario.thresholds ?? [])
        expect(() => parseThreshold(threshold), threshold).not.toThrow();
    }
  });

  it("keeps the original README's example automation and scenario", () => {
    const chat = EXAMPLES.find((e) => e.automation.name === 'GPT-4 Chat Automation');
    expect(chat?.automation).toMatchObject({
      tinyfish_automation_id: 'auto_123abc',
      default_inputs: { model: 'gpt-4', temperature: 0.7 },
    });
    expect(chat?.scenarios[0]).toMatchObject({
      name: 'Simple Chat Benchmark',
      inputs_template: { prompt: 'What is the capital of France?', max_tokens: 100 },
      run_settings: { interval_seconds: 300, concurrency: 1 },
    });
  });

  it('has an OpenAI-compatible automation on the standalone mock, with token thresholds', () => {
    const llm = EXAMPLES.find((e) => e.automation.provider === 'openai');
    expect(llm?.automation).toMatchObject({
      name: 'Mock LLM (OpenAI-compatible)',
      config: { base_url: 'http://127.0.0.1:8788/v1', prices: { output_per_mtok_usd: 0.6 } },
      default_inputs: { model: 'mock-llm', max_tokens: 128 },
    });
    expect(llm?.scenarios[0]?.thresholds).toEqual(
      expect.arrayContaining(['p95(ttft_ms) < 1000', 'mean(output_tokens_per_s) > 20']),
    );
  });

  it('switches no schedule on', () => {
    for (const scenario of EXAMPLES.flatMap((e) => e.scenarios))
      expect(scenario.schedule_enabled ?? false).toBe(false);
  });
});

describeEachDatabase('seedExamples', (getDb) => {
  it('creates every example on an empty database', async () => {
    const report = await seedExamples({ db: getDb() }, EXAMPLES);
    expect(report.automations.created).toHaveLength(EXAMPLES.length);
    expect(report.scenarios.created).toHaveLength(exampleScenarioCount);
    expect(report.automations.existing).toEqual([]);
    const { automations, scenarios } = await snapshot(getDb());
    expect(automations.map((a) => a.name)).toEqual(EXAMPLES.map((e) => e.automation.name));
    expect(automations.find((a) => a.provider === 'openai')?.config).toMatchObject({
      base_url: 'http://127.0.0.1:8788/v1',
    });
    expect(scenarios).toHaveLength(exampleScenarioCount);
    for (const scenario of scenarios) {
      const owner = automations.find((a) => a.id === scenario.automation_id)!;
      const example = EXAMPLES.find((e) => e.automation.name === owner.name)!;
      expect(example.scenarios.map((s) => s.name)).toContain(scenario.name);
    }
  });

  it('leaves the same rows when run twice', async () => {
    await seedExamples({ db: getDb() }, EXAMPLES);
    const before = await snapshot(getDb());
    const report = await seedExamples({ db: getDb() }, EXAMPLES);
    expect(report.automations.created).toEqual([]);
    expect(report.scenarios.created).toEqual([]);
    expect(report.automations.existing).toHaveLength(EXAMPLES.length);
    expect(report.scenarios.existing).toHaveLength(exampleScenarioCount);
    expect(await snapshot(getDb())).toEqual(before);
  });

  it("keeps a user's edits and adds only what is missing", async () => {
    const [first] = EXAMPLES;
    await seedExamples({ db: getDb() }, [{ automation: first!.automation, scenarios: [] }]);
    const { automations } = await snapshot(getDb());
    await updateAutomation({ db: getDb() }, automations[0]!.id, { description: 'edited by a user' });
    const report = await seedExamples({ db: getDb() }, EXAMPLES);
    expect(report.automations.existing).toEqual([first!.automation.name]);
    expect(report.scenarios.created).toHaveLength(exampleScenarioCount);
    const after = await snapshot(getDb());
    expect(after.automations[0]?.description).toBe('edited by a user');
    expect(after.automations).toHaveLength(EXAMPLES.length);
  });
});

describe('npm run seed', () => {
  it('seeds the configured database and is idempotent', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tfbench-seed-'));
    try {
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, TFBENCH_DATA_DIR: dir };
      const seed = () =>
        run('npx', ['tsx', path.join(repoRoot, 'scripts/seed/main.ts')], { env, timeoutMs: 90_000 });
      const first = await seed();
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(
        `created ${EXAMPLES.length} automation(s) and ${exampleScenarioCount} scenario(s)`,
      );
      const second = await seed();
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('created 0 automation(s) and 0 scenario(s)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
