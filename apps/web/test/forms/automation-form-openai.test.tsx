// @vitest-environment happy-dom
import { within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { type Answer, apiServerForFile, type ReceivedRequest, validationError } from '../helpers/api-server';
import { automationOf } from '../helpers/automation';
import { describedBy, renderAutomationForm } from '../helpers/forms';

let nextAnswer: (request: ReceivedRequest) => Answer = () => ({ status: 500 });

const api = apiServerForFile((req) => nextAnswer(req));

/** An OpenAI-compatible automation as the API returns it: the key only said to be set. */
const LLM = automationOf({
  id: 3,
  name: 'Local LLM',
  provider: 'openai',
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
});

/** The messages wired to a control (its hint and error share aria-describedby). */
function messageOf(control: HTMLElement): string {
  return describedBy(control)
    .filter((el) => el.getAttribute('role') === 'alert')
    .map((el) => el.textContent ?? '')
    .join(' ');
}

describe('AutomationFormDialog for an OpenAI-compatible endpoint', () => {
  it('shows the endpoint’s fields instead of TinyFish’s, and sends them back as config', async () => {
    nextAnswer = (req) => ({ status: 200, body: { ...LLM, ...(req.body as object) } });
    const { user, dialog, saved, submit } = renderAutomationForm(LLM);
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
    await submit();
    await expect.poll(() => saved.length).toBe(1);
    const body = api.sent('PUT', '/api/v1/automations/3').at(-1)?.body as Record<
      string,
      Record<string, unknown>
    >;
    // The stored config goes back as it was, less what the server only says about the secrets.
    const { api_key_set, headers_set, ...stored } = LLM.config as Record<string, unknown>;
    expect(body.config).toEqual(stored);
    expect(body.default_inputs).toEqual({ model: 'mock-llm', max_tokens: 128, temperature: 0 });
  });

  it('checks the base URL, the prices, the key variable and the extra body before sending', async () => {
    const { user, dialog, submit } = renderAutomationForm(LLM);
    const baseUrl = within(dialog).getByLabelText(/^Base URL/);
    await user.clear(baseUrl);
    await user.clear(within(dialog).getByLabelText('Output price (USD per 1M tokens)'));
    await user.type(within(dialog).getByLabelText('Or: API key environment variable'), '1BAD');
    const extraBody = within(dialog).getByLabelText('Extra body (JSON)');
    await user.clear(extraBody);
    await user.type(extraBody, '{{"top_p": ');
    await submit();

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
    await submit();
    const keyEnv = within(dialog).getByLabelText('Or: API key environment variable');
    expect(messageOf(keyEnv)).toBe('must be an environment variable name');
    expect(api.sent('PUT', '/api/v1/automations/3')).toEqual([]);
  });

  it('puts the API’s messages under the endpoint’s own fields', async () => {
    nextAnswer = () =>
      validationError({
        'config.base_url': 'points at 127.0.0.1, a loopback address',
        'config.mode': 'unknown mode',
        'config.prices.input_per_mtok_usd': 'must be 0 or more',
        'default_inputs.model': 'is required',
      });
    const { dialog, saved, submit } = renderAutomationForm(LLM);
    await submit();
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
