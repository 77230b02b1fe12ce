/**
 * The accounts a test system starts with. The API creates them from its bootstrap variables at
 * start, so a suite can sign its browser in and seed data through the API without going
 * through the setup page first. Random per process: nothing outside the test run knows them.
 */
import { randomBytes } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';

export interface TestCredentials {
  /** The bootstrapped administrator. */
  email: string;
  password: string;
  /** A bootstrapped admin API key (`tfb_…`), for seeding through the API. */
  apiKey: string;
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function base62(length: number): string {
  return Array.from(randomBytes(length), (byte) => BASE62[byte % BASE62.length]).join('');
}

/** The administrator and key every bootstrapped system of this process has. */
export const TEST_CREDENTIALS: TestCredentials = {
  email: 'admin@tfbench.test',
  password: base62(24),
  apiKey: `tfb_${base62(40)}`,
};

/** The API environment that creates {@link TEST_CREDENTIALS} at start. */
export function bootstrapEnv(credentials: TestCredentials = TEST_CREDENTIALS): Record<string, string> {
  return {
    TFBENCH_BOOTSTRAP_ADMIN_EMAIL: credentials.email,
    TFBENCH_BOOTSTRAP_ADMIN_PASSWORD: credentials.password,
    TFBENCH_BOOTSTRAP_API_KEY: credentials.apiKey,
  };
}

/** Headers that authenticate a request of the test process itself (seeding, polling). */
export function apiKeyHeaders(credentials: TestCredentials = TEST_CREDENTIALS): Record<string, string> {
  return { authorization: `Bearer ${credentials.apiKey}` };
}

/**
 * Signs a browser context in through the dashboard's own login route, so every page it opens
 * afterwards carries the session and CSRF cookies of `webUrl`'s host.
 *
 * @example
 * await signIn(browser.context, system.webUrl, { email, password });
 */
export async function signIn(
  context: BrowserContext,
  webUrl: string,
  account: { email: string; password: string } = TEST_CREDENTIALS,
): Promise<void> {
  const response = await context.request.post(`${webUrl}/api/v1/auth/login`, {
    data: { email: account.email, password: account.password },
  });
  if (!response.ok())
    throw new Error(
      `signing in as ${account.email} failed: HTTP ${response.status()} ${await response.text()}`,
    );
}
