// @vitest-environment happy-dom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Automation, Scenario } from '@tfbench/contract';
import { describe, expect, it } from 'vitest';
import { ScenarioFormDialog } from '@/components/scenarios/scenario-form';
import { mutations } from '@/lib/api';
import { apiServerForFile } from '../helpers/api-server';

const ESTIMATE = {
  kind: 'run',
  ticks_per_day: 0,
  runs_per_tick: 1,
  runs_per_day: 0,
  cost_per_run_usd: null,
  cost_per_day_usd: null,
  cost_basis: { source: 'none', runs: 0 },
};

const api = apiServerForFile((req) =>
  req.path === '/api/v1/scenarios/schedule-estimate'
    ? { status: 200, body: ESTIMATE }
    : { status: 200, body: { ...STORED, ...(req.body as object) } },
);

const AUTOMATIONS = [
  { id: 5, name: 'Local LLM', provider: 'openai', default_inputs: { model: 'mock-llm' }, config: {} },
] as unknown as Automation[];

const STORED: Scenario = {
  id: 12,
  name: 'Short answers',
  key: null,
  automation_id: 5,
  description: null,
  inputs_template: { prompt: 'Say hi', max_tokens: 32, temperature: 0 },
  run_settings: {},
  thresholds: ['p95(tpot_ms) < 50'],
  assertions: [],
  schedule_enabled: false,
  next_run_at: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};

describe('ScenarioFormDialog for an OpenAI-compatible automation', () => {
  it('edits the prompt, model and max tokens in their own fields and sends them as inputs', async () => {
    const user = userEvent.setup({ delay: null });
    const saved: Scenario[] = [];
    render(
      <ScenarioFormDialog
        open
        onOpenChange={() => undefined}
        scenario={STORED}
        automations={AUTOMATIONS}
        save={(body) => mutations.updateScenario(STORED.id, body)}
        onSaved={(s) => saved.push(s)}
      />,
    );
    const dialog = screen.getByRole('dialog', { name: 'Edit Short answers' });
    const field = (label: string) => within(dialog).getByLabelText(label, { exact: false });
    expect((field('Prompt') as HTMLTextAreaElement).value).toBe('Say hi');
    expect((field('Max tokens') as HTMLInputElement).value).toBe('32');
    expect((field('Other inputs (JSON)') as HTMLTextAreaElement).value).toContain('"temperature": 0');
    expect(dialog.textContent).toContain('mean(output_tokens_per_s) > 30');

    await user.clear(field('Prompt'));
    await user.type(field('Prompt'), 'Explain TTFT');
    await user.type(field('Model'), 'mock-reasoner');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await expect.poll(() => saved.length).toBe(1);
    expect(api.sent('PUT', '/api/v1/scenarios/12')[0]?.body).toMatchObject({
      inputs_template: { prompt: 'Explain TTFT', model: 'mock-reasoner', max_tokens: 32, temperature: 0 },
      thresholds: ['p95(tpot_ms) < 50'],
    });
  });
});
