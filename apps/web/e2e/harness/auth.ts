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
