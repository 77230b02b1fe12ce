/** Filling in the sign-in and setup pages as a person does. */
import type { Page } from 'playwright-core';

export interface Account {
  email: string;
  password: string;
}

/** A form control by its label; a required field's label ends with an asterisk. */
export function field(page: Page, label: string) {
  return page.getByLabel(new RegExp(`^${label}\\*?$`));
}

/** Creates the administrator on the setup page the browser is on. */
export async function completeSetup(page: Page, account: Account): Promise<void> {
  await field(page, 'Email').fill(account.email);
  await field(page, 'Password').fill(account.password);
  await field(page, 'Repeat the password').fill(account.password);
  await page.getByRole('button', { name: 'Create administrator' }).click();
}

/** Submits the sign-in page the browser is on. */
export async function signInThroughPage(page: Page, account: Account): Promise<void> {
  await field(page, 'Email').fill(account.email);
  await field(page, 'Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Picks `item` (a test id: `sign-out`, `sign-out-everywhere`) in the account menu on screen. */
export async function accountMenu(page: Page, item: string): Promise<void> {
  // The sidebar's menu on a desktop, the top bar's on a phone: one of the two is hidden.
  await page.getByTestId('account-menu').filter({ visible: true }).click();
  await page.getByTestId(item).click();
}
