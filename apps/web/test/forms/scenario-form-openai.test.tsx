// @vitest-environment happy-dom
import type { Automation } from '@tfbench/contract';
import { describe, expect, it } from 'vitest';
import { apiServerForFile } from '../helpers/api-server';
import { renderScenarioForm, scheduleEstimate } from '../helpers/forms';
import { scenarioOf } from '../helpers/scenario';

const ESTIMATE = scheduleEstimate(0);

const api = apiServerForFile((req) =>
  req.path === '/api/v1/scenarios/schedule-estimate'
    ? { status: 200, body: ESTIMATE }
    : { status: 200, body: { ...STORED, ...(req.body as object) } },
);

const AUTOMATIONS = [
  { id: 5, name: 'Local LLM', provider: 'openai', default_inputs: { model: 'mock-llm' }, config: {} },
] as unknown as Automation[];

const STORED = scenarioOf({
  id: 12,
  name: 'Short answers',
  key: null,
  automation_id: 5,
  inputs_template: { prompt: 'Say hi', max_tokens: 32, temperature: 0 },
  thresholds: ['p95(tpot_ms) < 50'],
});

describe('ScenarioFormDialog for an OpenAI-compatible automation', () => {
  it('edits the prompt, model and max tokens in their own fields and sends them as inputs', async () => {
    const { user, dialog, saved, field, submit } = renderScenarioForm(AUTOMATIONS, STORED);
    expect((field('Prompt') as HTMLTextAreaElement).value).toBe('Say hi');
    expect((field('Max tokens') as HTMLInputElement).value).toBe('32');
    expect((field('Other inputs (JSON)') as HTMLTextAreaElement).value).toContain('"temperature": 0');
    expect(dialog.textContent).toContain('mean(output_tokens_per_s) > 30');

    await user.clear(field('Prompt'));
    await user.type(field('Prompt'), 'Explain TTFT');
    await user.type(field('Model'), 'mock-reasoner');
    await submit();
    await expect.poll(() => saved.length).toBe(1);
    expect(api.sent('PUT', '/api/v1/scenarios/12')[0]?.body).toMatchObject({
      inputs_template: { prompt: 'Explain TTFT', model: 'mock-reasoner', max_tokens: 32, temperature: 0 },
      thresholds: ['p95(tpot_ms) < 50'],
    });
  });
});
