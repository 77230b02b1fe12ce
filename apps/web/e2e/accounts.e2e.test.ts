/**
 * Settings, signed in as the bootstrapped administrator: an API key is created, shown once,
 * works, stops working when revoked, and its creation is in the audit log; a user added on the
 * users page sees, as a viewer, no button that writes, and as a runner may trigger but not
 * edit. The settings pages are photographed at 1440 and 375 px.
 */
import { TEST_CREDENTIALS } from '@tfbench/testbed';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { createAutomationAndScenario, triggerRun, waitUntilFinished } from './harness/api.js';
import { type Account, accountMenu, field, signInThroughPage } from './harness/auth.js';
import { openPage, screenshot } from './harness/page.js';
import { describeE2e } from './harness/suite.js';
import { bothWidths } from './harness/widths.js';

const MEMBER: Account = { email: 'member@tfbench.test', password: 'member password 1' };

async function statusWithKey(apiUrl: string, key: string): Promise<number> {
  const response = await fetch(`${apiUrl}/api/v1/automations`, {
    headers: { authorization: `Bearer ${key}` },
  });
  await response.arrayBuffer();
  return response.status;
}

async function pickRole(page: Page, dialog: string, role: string): Promise<void> {
  await page.getByTestId(dialog).getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: new RegExp(`^${role}\\b`) }).click();
}

async function switchAccount(page: Page, webUrl: string, account: Account): Promise<void> {
  await accountMenu(page, 'sign-out');
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await signInThroughPage(page, account);
  await page.waitForURL(`${webUrl}/`);
}

/** How many of the buttons that write a page shows. */
async function writeButtons(page: Page): Promise<number> {
  const ids = ['new-scenario', 'trigger-run', 'start-benchmark', 'new-automation', 'rerun', 'clone-scenario'];
  const counts = await Promise.all(ids.map((id) => page.getByTestId(id).count()));
  return counts.reduce((a, b) => a + b, 0);
}

describeE2e('API keys and users', (ctx) => {
  it('creates an API key, shows it once, and revokes it', async () => {
    const { page, system } = ctx();
    await openPage(page, ctx().url('/settings/api-keys'));
    // The bootstrapped key is listed by its prefix, never in full.
    await page.getByTestId('api-key-row').first().waitFor();
    expect(await page.locator('body').innerText()).not.toContain(TEST_CREDENTIALS.apiKey);
    await bothWidths(page, 'api-keys');

    await page.getByTestId('new-api-key').click();
    const dialog = page.getByTestId('api-key-dialog');
    await field(page, 'Name').fill('ci pipeline');
    await pickRole(page, 'api-key-dialog', 'runner');
    await dialog.getByTestId('create-key').click();
    const shown = dialog.getByTestId('new-key');
    await shown.waitFor();
    const key = await shown.inputValue();
    expect(key).toMatch(/^tfb_\S{40}$/);
    expect(await dialog.getByTestId('key-warning').innerText()).toMatch(/shown only once/);
    await screenshot(page, 'api-key-created', { fullPage: false });
    expect(await statusWithKey(system.apiUrl, key)).toBe(200);

    await dialog.getByTestId('key-done').click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.locator('body').innerText()).not.toContain(key);
    const row = page.locator(`[data-testid="api-key-row"][data-key-prefix="${key.slice(4, 12)}"]`);
    await row.waitFor();
    expect(await row.innerText()).toMatch(/ci pipeline[\s\S]*runner[\s\S]*never[\s\S]*active/);

    await row.getByTestId('revoke-key').click();
    await page.getByTestId('revoke-dialog').getByTestId('confirm-action').click();
    await expect
      .poll(() => row.getByTestId('key-status').filter({ visible: true }).innerText())
      .toBe('revoked');
    expect(await statusWithKey(system.apiUrl, key)).toBe(401);

    // The audit log names who created the key; filtering by action narrows it to that entry.
    await openPage(page, ctx().url('/settings/audit'));
    await page.getByTestId('audit-row').first().waitFor();
    await bothWidths(page, 'audit');
    await page.getByTestId('filter-action').fill('api_key.create');
    await page.waitForURL((url) => url.searchParams.get('action') === 'api_key.create');
    const created = page.locator('[data-testid="audit-row"][data-action="api_key.create"]');
    // The unfiltered rows stay on screen until the filtered answer arrives.
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(1);
    expect(await created.count()).toBe(1);
    expect(await created.innerText()).toMatch(new RegExp(`user:${TEST_CREDENTIALS.email}[\\s\\S]*ok`));
  });

  it('adds a user who, as a viewer, sees no write buttons and, as a runner, may trigger', async () => {
    const { page, system } = ctx();
    const { scenarioId } = await createAutomationAndScenario(system.apiUrl, {
      automation: 'Shop',
      scenario: 'Product list',
    });
    const runId = await triggerRun(system.apiUrl, scenarioId);
    await waitUntilFinished(system.apiUrl, 'runs', runId);

    await openPage(page, ctx().url('/settings/users'));
    await page.getByTestId('new-user').click();
    await field(page, 'Email').fill(MEMBER.email);
    await field(page, 'Password').fill(MEMBER.password);
    await page.getByTestId('create-user-submit').click();
    const row = page.locator(`[data-testid="user-row"][data-email="${MEMBER.email}"]`);
    await row.waitFor();
    expect(await row.innerText()).toMatch(/viewer/);
    await bothWidths(page, 'users');

    await switchAccount(page, system.webUrl, MEMBER);
    expect(await page.getByTestId('account-role').innerText()).toBe('viewer');
    for (const path of ['/scenarios', '/automations', `/runs/${runId}`, '/']) {
      await openPage(page, ctx().url(path));
      expect(await writeButtons(page), `write buttons on ${path}`).toBe(0);
    }
    await openPage(page, ctx().url('/scenarios'));
    expect(await page.getByTestId('schedule-switch').first().isDisabled()).toBe(true);
    await openPage(page, ctx().url('/settings/users'));
    await page.getByText('Only administrators manage users').waitFor();

    await switchAccount(page, system.webUrl, TEST_CREDENTIALS);
    await openPage(page, ctx().url('/settings/users'));
    await row.getByRole('button', { name: `Actions for ${MEMBER.email}` }).click();
    await page.getByRole('menuitem', { name: 'Change role' }).click();
    await pickRole(page, 'change-role', 'runner');
    await page.getByTestId('change-role-submit').click();
    await expect.poll(() => row.innerText()).toMatch(/runner/);

    await switchAccount(page, system.webUrl, MEMBER);
    await openPage(page, ctx().url('/scenarios'));
    expect(await page.getByTestId('trigger-run').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('new-scenario').count()).toBe(0);
    await openPage(page, ctx().url('/automations'));
    expect(await page.getByTestId('new-automation').count()).toBe(0);
  });
});
