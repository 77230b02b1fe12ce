// @vitest-environment happy-dom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Automation } from '@tfbench/contract';
import { describe, expect, it } from 'vitest';
import { AutomationFormDialog } from '@/components/automations/automation-form';
import { mutations } from '@/lib/api';
import { type Answer, apiServerForFile, type ReceivedRequest, validationError } from '../helpers/api-server';

/** The next answer to a write; each test sets what the API says. */
let nextAnswer: (request: ReceivedRequest) => Answer = () => ({ status: 500 });

const api = apiServerForFile((req) => nextAnswer(req));

const STORED: Automation = {
  id: 7,
  name: 'Checkout flow',
  key: null,
  description: null,
  provider: 'tinyfish',
  tinyfish_automation_id: null,
  default_inputs: { url: 'https://shop.example.com', goal: 'Buy', max_steps: 10 },
  config: { mode: 'sync', base_url: 'https://kept.example.com', api_key_set: false, headers_set: [] },
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
} as Automation;

/** STORED with an API key and one secret header (the server says which, never their values). */
const WITH_KEY: Automation = {
  ...STORED,
  config: { ...STORED.config, api_key_set: true, headers_set: ['x-org'] },
};

function renderForm(automation?: Automation) {
  const saved: Automation[] = [];
  const closed: boolean[] = [];
  render(
    <AutomationFormDialog
      open
      onOpenChange={(open) => closed.push(!open)}
      automation={automation}
      save={(body) =>
        automation ? mutations.updateAutomation(automation.id, body) : mutations.createAutomation(body)
      }
      onSaved={(a) => saved.push(a)}
    />,
  );
  const dialog = screen.getByRole('dialog', {
    name: automation ? `Edit ${automation.name}` : 'New automation',
  });
  return { dialog, saved, closed };
}

describe('AutomationFormDialog', () => {
  it('says what is missing next to the field, and sends nothing', async () => {
    const user = userEvent.setup({ delay: null });
    const { dialog } = renderForm();
    await user.type(within(dialog).getByLabelText('URL'), 'shop.example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Create automation' }));

    const name = within(dialog).getByRole('textbox', { name: /^Name/ });
    expect(name.getAttribute('aria-invalid')).toBe('true');
    const message = document.getElementById(name.getAttribute('aria-describedby') ?? '');
    expect(message?.textContent).toBe('Give the automation a name.');
    expect(within(dialog).getByLabelText('URL').getAttribute('aria-invalid')).toBe('true');
    expect(api.requests).toEqual([]);
  });

  it('posts the typed fields as default inputs and config, and closes when saved', async () => {
    const user = userEvent.setup({ delay: null });
    nextAnswer = (req) => ({ status: 201, body: { ...STORED, ...(req.body as object), id: 8 } });
    const { dialog, saved, closed } = renderForm();
    await user.type(within(dialog).getByRole('textbox', { name: /^Name/ }), '  Search shoes ');
    await user.type(within(dialog).getByLabelText('URL'), 'https://shop.example.com/shoes');
    await user.type(within(dialog).getByLabelText('Goal'), 'Find red shoes');
    await user.type(within(dialog).getByLabelText('Other default inputs (JSON)'), '{{"max_steps": 5}');
    await user.click(within(dialog).getByRole('button', { name: 'Create automation' }));

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
    const user = userEvent.setup({ delay: null });
    nextAnswer = () =>
      validationError({
        'default_inputs.url': 'must use https',
        'default_inputs.max_steps': 'must be at most 50',
        'config.mode': 'unknown mode',
      });
    const { dialog, saved, closed } = renderForm(STORED);
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

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
    const user = userEvent.setup({ delay: null });
    nextAnswer = (req) => ({ status: 200, body: { ...WITH_KEY, ...(req.body as object) } });

    // Saved untouched: no credential is sent, the stored ones are kept.
    const first = renderForm(WITH_KEY);
    const key = within(first.dialog).getByLabelText('API key');
    expect(key.getAttribute('type')).toBe('password');
    expect((key as HTMLInputElement).value).toBe('');
    expect(first.dialog.textContent).toContain('Set: x-org (values hidden)');
    await user.click(within(first.dialog).getByRole('button', { name: 'Save changes' }));
    await expect.poll(() => first.saved.length).toBe(1);
    const kept = api.sent('PUT', '/api/v1/automations/7').at(-1)?.body as { config: Record<string, unknown> };
    expect(kept.config).not.toHaveProperty('api_key');
    expect(kept.config).not.toHaveProperty('headers');
    expect(kept.config).not.toHaveProperty('api_key_set');
  });

  it('sends a typed key as a replacement, and null when its removal is switched on', async () => {
    const user = userEvent.setup({ delay: null });
    nextAnswer = (req) => ({ status: 200, body: { ...WITH_KEY, ...(req.body as object) } });
    const { dialog, saved } = renderForm(WITH_KEY);
    await user.type(within(dialog).getByLabelText('API key'), 'sk-new');
    await user.type(within(dialog).getByLabelText('Secret headers (JSON)'), '{{"x-team": "t"}');
    await user.click(within(dialog).getByRole('switch', { name: /Remove the stored headers/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await expect.poll(() => saved.length).toBe(1);
    expect(api.sent('PUT', '/api/v1/automations/7').at(-1)?.body).toMatchObject({
      config: { mode: 'sync', api_key: 'sk-new', headers: { 'x-org': null, 'x-team': 't' } },
    });
  });

  it("sends the base URL typed, and checks the body by the provider's schemas before sending", async () => {
    const user = userEvent.setup({ delay: null });
    nextAnswer = (req) => ({ status: 201, body: { ...STORED, ...(req.body as object), id: 9 } });
    const { dialog, saved } = renderForm();
    await user.type(within(dialog).getByRole('textbox', { name: /^Name/ }), 'Gateway');
    await user.type(within(dialog).getByLabelText('Other default inputs (JSON)'), '{{"use_vault": "yes"}');
    await user.click(within(dialog).getByRole('button', { name: 'Create automation' }));
    const extra = within(dialog).getByLabelText('Other default inputs (JSON)');
    expect(extra.getAttribute('aria-invalid')).toBe('true');
    expect(api.requests).toEqual([]);

    await user.clear(extra);
    await user.type(within(dialog).getByLabelText('Base URL'), 'https://gateway.example.com/tinyfish');
    await user.click(within(dialog).getByRole('button', { name: 'Create automation' }));
    await expect.poll(() => saved.length).toBe(1);
    expect(api.sent('POST', '/api/v1/automations')[0]?.body).toMatchObject({
      config: { mode: 'sse', base_url: 'https://gateway.example.com/tinyfish' },
    });
  });
});
