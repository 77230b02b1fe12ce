/**
 * An OpenAI-compatible endpoint through the dashboard: created with the form (its API key set
 * and never shown again), a scenario with a prompt and a token threshold, a run whose page shows
 * the tokens, and a benchmark with its verdict and token summary. In mock mode the runs go to
 * the in-process mock OpenAI server whatever the base URL says.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { call, waitUntilFinished } from './harness/api.js';
import { openPage, placeholdersOn } from './harness/page.js';
import { describeE2e } from './harness/suite.js';
import { bothWidths } from './harness/widths.js';

const SECRET_KEY = 'sk-e2e-never-shown-7f3a';

/** A labelled control of a dialog; a required field's label ends with an asterisk. */
function labelled(page: Page, dialogName: string, label: string) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByRole('dialog', { name: dialogName }).getByLabel(new RegExp(`^${escaped}\\*?$`));
}

async function choose(page: Page, dialogName: string, label: string, option: string): Promise<void> {
  await labelled(page, dialogName, label).click();
  await page.getByRole('option', { name: option }).click();
}

describeE2e(
  'an OpenAI-compatible endpoint: registered, run and benchmarked through the dashboard',
  (ctx) => {
    it('creates the automation and its scenario with the forms, runs it and benchmarks it', async () => {
      const { page, system } = ctx();
      await openPage(page, ctx().url('/automations'));
      await page.getByTestId('new-automation').click();
      const form = 'New automation';
      const dialog = page.getByRole('dialog', { name: form });
      await labelled(page, form, 'Name').fill('Local LLM');
      await choose(page, form, 'Provider', 'OpenAI-compatible endpoint');
      // TinyFish's own fields give way to the endpoint's.
      expect(await dialog.getByLabel(/^URL\*?$/).count()).toBe(0);
      expect(await dialog.getByLabel('Browser profile').count()).toBe(0);
      await labelled(page, form, 'Base URL').fill('http://127.0.0.1:8788/v1');
      await labelled(page, form, 'Default model').fill('mock-llm');
      await labelled(page, form, 'Default max tokens').fill('64');
      await labelled(page, form, 'Input price (USD per 1M tokens)').fill('0.15');
      await labelled(page, form, 'Output price (USD per 1M tokens)').fill('0.6');
      await labelled(page, form, 'API key').fill(SECRET_KEY);
      await bothWidths(page, 'openai-automation-form');
      await dialog.getByRole('button', { name: 'Create automation' }).click();
      await dialog.waitFor({ state: 'hidden' });

      const row = page.getByTestId('automation-row').filter({ hasText: 'Local LLM' });
      await row.waitFor();
      const [stored] = await call<Array<{ id: number; provider: string; config: Record<string, unknown> }>>(
        system.apiUrl,
        'GET',
        '/automations',
      );
      expect(stored?.provider).toBe('openai');
      expect(stored?.config).toMatchObject({
        base_url: 'http://127.0.0.1:8788/v1',
        api_key_set: true,
        prices: { input_per_mtok_usd: 0.15, output_per_mtok_usd: 0.6 },
      });
      expect(await page.content()).not.toContain(SECRET_KEY);

      // Editing shows the key as set, never its value.
      await row.getByRole('button', { name: 'Actions for Local LLM' }).click();
      await page.getByRole('menuitem', { name: 'Edit' }).click();
      const edit = page.getByRole('dialog', { name: 'Edit Local LLM' });
      expect(await labelled(page, 'Edit Local LLM', 'API key').inputValue()).toBe('');
      expect(await edit.innerText()).toMatch(/Set\. Type a new key to replace it/);
      expect(await page.content()).not.toContain(SECRET_KEY);
      await edit.getByRole('button', { name: 'Cancel' }).click();
      await edit.waitFor({ state: 'hidden' });

      await openPage(page, ctx().url('/scenarios'));
      await page.getByTestId('new-scenario').click();
      const scenarioForm = 'New scenario';
      await labelled(page, scenarioForm, 'Name').fill('Short answers');
      await labelled(page, scenarioForm, 'Prompt').fill('Explain time to first token in one paragraph.');
      await labelled(page, scenarioForm, 'Thresholds').fill('p95(tpot_ms) < 1000');
      await bothWidths(page, 'openai-scenario-form');
      const scenarioDialog = page.getByRole('dialog', { name: scenarioForm });
      await scenarioDialog.getByRole('button', { name: 'Create scenario' }).click();
      await scenarioDialog.waitFor({ state: 'hidden' });
      const [scenario] = await call<Array<{ id: number; inputs_template: Record<string, unknown> }>>(
        system.apiUrl,
        'GET',
        '/scenarios',
      );
      expect(scenario?.inputs_template).toEqual({ prompt: 'Explain time to first token in one paragraph.' });

      await page.getByRole('button', { name: 'Trigger run: Short answers' }).click();
      let runId = 0;
      await expect
        .poll(async () => {
          const runs = await call<Array<{ id: number }>>(system.apiUrl, 'GET', '/runs');
          runId = runs[0]?.id ?? 0;
          return runId;
        })
        .toBeGreaterThan(0);
      expect(await waitUntilFinished(system.apiUrl, 'runs', runId)).toBe('completed');
      await openPage(page, ctx().url(`/runs/${runId}`));
      const tokens = page.getByTestId('token-card');
      await tokens.waitFor();
      expect(await tokens.innerText()).toMatch(/\d/);
      // An LLM run's gaps are between token chunks; TinyFish's PROGRESS vocabulary would mislead.
      await page.getByText('Gaps between consecutive token-bearing chunks.').waitFor();
      expect(await page.content()).not.toContain('PROGRESS');
      expect(await placeholdersOn(page)).toEqual([]);
      expect(await page.content()).not.toContain(SECRET_KEY);
      await bothWidths(page, 'openai-run');

      await openPage(page, ctx().url('/scenarios'));
      await page.getByRole('button', { name: 'Benchmark: Short answers' }).click();
      const benchmark = page.getByRole('dialog', { name: 'Start a benchmark' });
      await labelled(page, 'Start a benchmark', 'Iterations').fill('5');
      await labelled(page, 'Start a benchmark', 'Concurrency').fill('2');
      await benchmark.getByRole('button', { name: 'Start benchmark' }).click();
      await page.waitForURL((url) => /^\/benchmarks\/\d+$/.test(url.pathname));
      const benchmarkId = Number(/\/benchmarks\/(\d+)$/.exec(page.url())?.[1]);
      expect(await waitUntilFinished(system.apiUrl, 'benchmarks', benchmarkId)).toBe('completed');
      await openPage(page, ctx().url(`/benchmarks/${benchmarkId}`));
      const headline = page.getByTestId('benchmark-headline');
      expect(await headline.getByTestId('benchmark-verdict').getAttribute('data-verdict')).toBe('passed');
      const summary = page.getByTestId('benchmark-tokens');
      await summary.waitFor();
      expect(await summary.innerText()).toMatch(/\d/);
      expect(await placeholdersOn(page)).toEqual([]);
      await bothWidths(page, 'openai-benchmark');
    });
  },
  // The mock serves any loopback URL; the allowlist makes sure the guard lets it be saved.
  { system: { apiEnv: { TFBENCH_ALLOWED_OUTBOUND_HOSTS: '127.0.0.1' } } },
);
