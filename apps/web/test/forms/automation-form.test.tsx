// @vitest-environment happy-dom
import { within } from '@testing-library/react';
import type { Automation } from '@tfbench/contract';
import { describe, expect, it } from 'vitest';
import { type Answer, apiServerForFile, type ReceivedRequest, validationError } from '../helpers/api-server';
import { automationOf } from '../helpers/automation';
import { describedBy, renderAutomationForm } from '../helpers/forms';

/** The next answer to a write; each test sets what the API says. */
let nextAnswer: (request: ReceivedRequest) => Answer = () => ({ status: 500 });

const api = apiServerForFile((req) => nextAnswer(req));

const STORED = automationOf({
  id: 7,
  name: 'Checkout flow',
  default_inputs: { url: 'https://shop.example.com', goal: 'Buy', max_steps: 10 },
  config: { mode: 'sync', base_url: 'https://kept.example.com', api_key_set: false, headers_set: [] },
});

/** STORED with an API key and one secret header (the server says which, never their values). */
const WITH_KEY: Automation = {
  ...STORED,
  config: { ...STORED.config, api_key_set: true, headers_set: ['x-org'] },
};

describe('AutomationFormDialog', () => {
  it('says what is missing next to the field, and sends nothing', async () => {
    const { user, dialog, submit } = renderAutomationForm();
    await user.type(within(dialog).getByLabelText('URL'), 'shop.example.com');
    await submit('Create automation');

    const name = within(dialog).getByRole('textbox', { name: /^Name/ });
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(name).map((el) => el.textContent)).toEqual(['Give the automation a name.']);
    expect(within(dialog).getByLabelText('URL').getAttribute('aria-invalid')).toBe('true');
    expect(api.requests).toEqual([]);
  });

  it('posts the typed fields as default inputs and config, and closes when saved', async () => {
    nextAnswer = (req) => ({ status: 201, body: { ...STORED, ...(req.body as object), id: 8 } });
    const { user, dialog, saved, closed, submit } = renderAutomationForm();
    await user.type(within(dialog).getByRole('textbox', { name: /^Name/ }), '  Search shoes ');
    await user.type(within(dialog).getByLabelText('URL'), 'https://shop.example.com/shoes');
    await user.type(within(dialog).getByLabelText('Goal'), 'Find red shoes');
    await user.type(within(dialog).getByLabelText('Other default inputs (JSON)'), '{{"max_steps": 5}');
    await submit('Create automation');

    await expect.poll(() => saved.length).toBe(1);
    expect(api.sent('POST', '/api/v1/automations').map((r) => r.body)).toEqual([
      {
        name: 'Search shoes',
        description: null,
        provider: 'tinyfish',
        tinyfish_automation_id: null,
        default_inputs: {
          max_steps: 5,
          url: 'https://shop.example.com/shoes',
          goal: 'Find red shoes',
          browser_profile: 'lite',
        },
        config: { mode: 'sse' },
      },
    ]);
    expect(closed).toEqual([true]);
  });

  it('shows the API’s 400 messages on the fields they name and keeps the dialog open', async () => {
    nextAnswer = () =>
      validationError({
        'default_inputs.url': 'must use https',
        'default_inputs.max_steps': 'must be at most 50',
        'config.mode': 'unknown mode',
      });
    const { dialog, saved, closed, submit } = renderAutomationForm(STORED);
    await submit();

    const url = within(dialog).getByLabelText('URL');
    await expect.poll(() => url.getAttribute('aria-invalid')).toBe('true');
    const messages = within(dialog)
      .getAllByRole('alert')
      .map((a) => a.textContent);
    expect(messages).toContain('must use https');
    expect(messages).toContain('Default inputs, key "max_steps": must be at most 50');
    expect(messages).toContain('unknown mode');
    expect(saved).toEqual([]);
    expect(closed).toEqual([]);
    // The stored config keys the form does not edit go back as they were.
    expect(api.sent('PUT', '/api/v1/automations/7')[0]?.body).toMatchObject({
      config: { mode: 'sync', base_url: 'https://kept.example.com' },
      default_inputs: { max_steps: 10, url: 'https://shop.example.com', goal: 'Buy' },
    });
  });

  it('shows stored credentials as set, and keeps them when saved untouched', async () => {
    nextAnswer = (req) => ({ status: 200, body: { ...WITH_KEY, ...(req.body as object) } });

    // Saved untouched: no credential is sent, the stored ones are kept.
    const first = renderAutomationForm(WITH_KEY);
    const key = within(first.dialog).getByLabelText('API key');
    expect(key.getAttribute('type')).toBe('password');
    expect((key as HTMLInputElement).value).toBe('');
    expect(first.dialog.textContent).toContain('Set: x-org (values hidden)');
    await first.submit();
    await expect.poll(() => first.saved.length).toBe(1);
    const kept = api.sent('PUT', '/api/v1/automations/7').at(-1)?.body as { config: Record<string, unknown> };
    expect(kept.config).not.toHaveProperty('api_key');
    expect(kept.config).not.toHaveProperty('headers');
    expect(kept.config).not.toHaveProperty('api_key_set');
  });

  it('sends a typed key as a replacement, and null when its removal is switched on', async () => {
    nextAnswer = (req) => ({ status: 200, body: { ...WITH_KEY, ...(req.body as object) } });
    const { user, dialog, saved, submit } = renderAutomationForm(WITH_KEY);
    await user.type(within(dialog).getByLabelText('API key'), 'sk-new');
    await user.type(within(dialog).getByLabelText('Secret headers (JSON)'), '{{"x-team": "t"}');
    await user.click(within(dialog).getByRole('switch', { name: /Remove the stored headers/ }));
    await submit();
    await expect.poll(() => saved.length).toBe(1);
    expect(api.sent('PUT', '/api/v1/automations/7').at(-1)?.body).toMatchObject({
      config: { mode: 'sync', api_key: 'sk-new', headers: { 'x-org': null, 'x-team': 't' } },
    });
  });

  it("sends the base URL typed, and checks the body by the provider's schemas before sending", async () => {
    nextAnswer = (req) => ({ status: 201, body: { ...STORED, ...(req.body as object), id: 9 } });
    const { user, dialog, saved, submit } = renderAutomationForm();
    await user.type(within(dialog).getByRole('textbox', { name: /^Name/ }), 'Gateway');
    await user.type(within(dialog).getByLabelText('Other default inputs (JSON)'), '{{"use_vault": "yes"}');
    await submit('Create automation');
    const extra = within(dialog).getByLabelText('Other default inputs (JSON)');
    expect(extra.getAttribute('aria-invalid')).toBe('true');
    expect(api.requests).toEqual([]);

    await user.clear(extra);
    await user.type(within(dialog).getByLabelText('Base URL'), 'https://gateway.example.com/tinyfish');
    await submit('Create automation');
    await expect.poll(() => saved.length).toBe(1);
    expect(api.sent('POST', '/api/v1/automations')[0]?.body).toMatchObject({
      config: { mode: 'sse', base_url: 'https://gateway.example.com/tinyfish' },
    });
  });
});
