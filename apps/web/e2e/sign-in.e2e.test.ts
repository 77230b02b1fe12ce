/**
 * A system without any account, as `npm start` leaves it: the first visitor is asked to create
 * the administrator and then lands where they were going; signing out, a wrong password's
 * message, signing in back to the page asked for, and no redirect to another site. The setup
 * and sign-in pages are photographed at 1440 and 375 px and scanned for accessibility.
 */
import { request } from 'playwright-core';
import { expect, it } from 'vitest';
import { type Account, accountMenu, completeSetup, field, signInThroughPage } from './harness/auth.js';
import { describeE2e } from './harness/suite.js';
import { bothWidths } from './harness/widths.js';

const ADMIN: Account = { email: 'first@tfbench.test', password: 'correct horse battery' };

describeE2e(
  'first visit, sign in and sign out',
  (ctx) => {
    it('asks for the administrator on the first visit, then shows the page that was asked for', async () => {
      const { page } = ctx();
      await page.goto(ctx().url('/scenarios?new=0'));
      await page.waitForURL(/\/setup\?next=%2Fscenarios%3Fnew%3D0$/);
      await page.getByTestId('setup').waitFor();
      await bothWidths(page, 'setup');

      // The form's own check, before anything is sent.
      await field(page, 'Email').fill(ADMIN.email);
      await field(page, 'Password').fill(ADMIN.password);
      await field(page, 'Repeat the password').fill('something else entirely');
      await page.getByRole('button', { name: 'Create administrator' }).click();
      expect(await page.getByText('The two passwords differ.').count()).toBe(1);

      await completeSetup(page, ADMIN);
      await page.waitForURL((url) => url.pathname === '/scenarios' && url.search === '?new=0');
      await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
      expect(await page.getByTestId('account-email').innerText()).toBe(ADMIN.email);
      expect(await page.getByTestId('account-role').innerText()).toBe('admin');
      // Once there is an administrator, the setup page only sends people on.
      await page.goto(ctx().url('/setup'));
      await page.waitForURL((url) => url.pathname === '/');
    });

    it('signs out, says so for a wrong password, and signs in back to the page asked for', async () => {
      const { page } = ctx();
      await page.goto(ctx().url('/runs'));
      await accountMenu(page, 'sign-out');
      await page.waitForURL((url) => url.pathname === '/sign-in');
      await page.getByTestId('sign-in').waitFor();
      await bothWidths(page, 'sign-in');

      // Signed out, any page leads to the sign-in page and remembers where it was.
      await page.goto(ctx().url('/benchmarks'));
      await page.waitForURL(/\/sign-in\?next=%2Fbenchmarks$/);

      ctx().expectConsoleErrors(/\/api\/v1\/auth\/login: Failed to load resource: .*status of 401/);
      await signInThroughPage(page, { email: ADMIN.email, password: 'not the password' });
      const alert = page.getByTestId('form-error');
      await alert.waitFor();
      expect(await alert.innerText()).toBe('Wrong email or password.');
      await bothWidths(page, 'sign-in-wrong-password');
      // An unknown account gets the very same words: the form does not reveal who exists.
      await signInThroughPage(page, { email: 'nobody@tfbench.test', password: 'not the password' });
      await expect.poll(() => alert.innerText()).toBe('Wrong email or password.');

      await signInThroughPage(page, ADMIN);
      await page.waitForURL((url) => url.pathname === '/benchmarks');
      await page.getByRole('heading', { level: 1, name: 'Benchmarks' }).waitFor();
    });

    it('follows ?next= only to a page of its own site', async () => {
      const { page } = ctx();
      for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
        await page.goto(ctx().url(`/sign-in?next=${encodeURIComponent(next)}`));
        // Already signed in: the page sends the visitor on at once, home instead of away.
        await page.waitForURL((url) => url.pathname === '/');
        expect(new URL(page.url()).origin).toBe(new URL(ctx().url('/')).origin);
      }
    });

    it('signs out everywhere: another session of the account ends too', async () => {
      const { page } = ctx();
      const other = await request.newContext({ baseURL: ctx().system.webUrl });
      try {
        expect((await other.post('/api/v1/auth/login', { data: ADMIN })).status()).toBe(200);
        expect((await other.get('/api/v1/auth/me')).status()).toBe(200);
        await page.goto(ctx().url('/'));
        await accountMenu(page, 'sign-out-everywhere');
        await page.waitForURL((url) => url.pathname === '/sign-in');
        expect((await other.get('/api/v1/auth/me')).status()).toBe(401);
      } finally {
        await other.dispose();
      }
    });
  },
  { system: { bootstrap: false } },
);
