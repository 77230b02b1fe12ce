// @vitest-environment happy-dom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Automation } from '@tfbench/contract';
import { describe, expect, it } from 'vitest';
import { AutomationFormDialog } from '@/components/automations/automation-form';
import { mutations } from '@/lib/api';
import { type Answer, apiServerForFile, type ReceivedRequest, validationError } from '../helpers/api-server';

let nextAnswer: (request: ReceivedRequest) => Answer = () => ({ status: 500 });

const api = apiServerForFile((req) => nextAnswer(req));

/** An OpenAI-compatible automation as the API returns it: the key only said to be set. */
const LLM: Automation = {
  id: 3,
  name: 'Local LLM',
  key: null,
  description: null,
  provider: 'openai',
  tinyfish_automation_id: null,
  default_inputs: { model: 'mock-llm', max_tokens: 64, temperature: 0 },
  config: {
    base_url: 'http://127.0.0.1:8000/v1',
    endpoint: 'chat',
    mode: 'non_stream',
    prices: { input_per_mtok_usd: 0.15, output_per_mtok_usd: 0.6 },
    extra_body: { top_p: 0.9 },
    timeout_s: 30,
    api_key_set: true,
    headers_set: [],
  },
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
} as Automation;

function renderForm(automation: Automation) {
  const saved: Automation[] = [];
  render(
    <AutomationFormDialog
      open
      onOpenChange={() => undefined}
      automation={automation}
      save={(body) => mutations.updateAutomation(automation.id, body)}
      onSaved={(a) => saved.push(a)}
    />,
  );
  return { dialog: screen.getByRole('dialog', { name: `Edit ${automation.name}` }), saved };
}

/** The messages wired to a control (its hint and error share aria-describedby). */
function messageOf(control: HTMLElement): string {
  const ids = control.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids
    .map((id) => document.getElementById(id))
    .filter((el) => el?.getAttribute('role') === 'alert')
    .map((el) => el?.textContent ?? '')
    .join(' ');
}

describe('AutomationFormDialog for an OpenAI-compatible endpoint', () => {
  it('shows the endpoint’s fields instead of TinyFish’s, and sends them back as config', async () => {
    const user = userEvent.setup({ delay: null });
    nextAnswer = (req) => ({ status: 200, body: { ...LLM, ...(req.body as object) } });
    const { dialog, saved } = renderForm(LLM);
    expect(within(dialog).queryByLabelText('URL')).toBeNull();
    expect(within(dialog).queryByLabelText('Goal')).toBeNull();
    expect(within(dialog).queryByText('Browser profile')).toBeNull();
    expect((within(dialog).getByLabelText(/^Base URL/) as HTMLInputElement).value).toBe(
      'http://127.0.0.1:8000/v1',
    );
    expect((within(dialog).getByLabelText('API key') as HTMLInputElement).value).toBe('');
    expect(dialog.textContent).toContain('Set. Type a new key to replace it');

    await user.clear(within(dialog).getByLabelText('Default max tokens'));
    await user.type(within(dialog).getByLabelText('Default max tokens'), '128');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await expect.poll(() => saved.length).toBe(1);
    const body = api.sent('PUT', '/api/v1/automations/3').at(-1)?.body as Record<
      string,
      Record<string, unknown>
    >;
    expect(body.config).toEqual({
      base_url: 'http://127.0.0.1:8000/v1',
      endpoint: 'chat',
      mode: 'non_stream',
      prices: { input_per_mtok_usd: 0.15, output_per_mtok_usd: 0.6 },
      extra_body: { top_p: 0.9 },
      timeout_s: 30,
    });
    expect(body.default_inputs).toEqual({ model: 'mock-llm', max_tokens: 128, temperature: 0 });
  });

  it('checks the base URL, the prices, the key variable and the extra body before sending', async () => {
    const user = userEvent.setup({ delay: null });
    const { dialog } = renderForm(LLM);
    const baseUrl = within(dialog).getByLabelText(/^Base URL/);
    await user.clear(baseUrl);
    await user.clear(within(dialog).getByLabelText('Output price (USD per 1M tokens)'));
    await user.type(within(dialog).getByLabelText('Or: API key environment variable'), '1BAD');
    const extraBody = within(dialog).getByLabelText('Extra body (JSON)');
    await user.clear(extraBody);
    await user.type(extraBody, '{{"top_p": ');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    expect(messageOf(baseUrl)).toMatch(/Give the endpoint URL/);
    expect(messageOf(within(dialog).getByLabelText('Output price (USD per 1M tokens)'))).toMatch(
      /output price too/,
    );
    expect(messageOf(extraBody)).toMatch(/^Extra body is not valid JSON/);
    expect(api.sent('PUT', '/api/v1/automations/3')).toEqual([]);

    // With the form's own checks passing, the provider's schema judges the variable name.
    await user.type(baseUrl, 'http://127.0.0.1:8000/v1');
    await user.type(within(dialog).getByLabelText('Output price (USD per 1M tokens)'), '0.6');
    await user.clear(extraBody);
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    const keyEnv = within(dialog).getByLabelText('Or: API key environment variable');
    expect(messageOf(keyEnv)).toBe('must be an environment variable name');
    expect(api.sent('PUT', '/api/v1/automations/3')).toEqual([]);
  });

  it('puts the API’s messages under the endpoint’s own fields', async () => {
    const user = userEvent.setup({ delay: null });
    nextAnswer = () =>
      validationError({
        'config.base_url': 'points at 127.0.0.1, a loopback address',
        'config.mode': 'unknown mode',
        'config.prices.input_per_mtok_usd': 'must be 0 or more',
        'default_inputs.model': 'is required',
      });
    const { dialog, saved } = renderForm(LLM);
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    const baseUrl = within(dialog).getByLabelText(/^Base URL/);
    await expect.poll(() => baseUrl.getAttribute('aria-invalid')).toBe('true');
    expect(messageOf(baseUrl)).toMatch(/loopback/);
    expect(messageOf(within(dialog).getByLabelText('Input price (USD per 1M tokens)'))).toMatch(/0 or more/);
    expect(messageOf(within(dialog).getByLabelText('Default model'))).toBe('is required');
    expect(
      within(dialog)
        .getAllByRole('alert')
        .map((a) => a.textContent),
    ).toContain('unknown mode');
    expect(saved).toEqual([]);
  });
});
