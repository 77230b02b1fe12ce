/**
 * Accounts over real HTTP on loopback: first-run setup, sign-in with rotation and throttling,
 * CSRF on cookie writes, sign-out, password reset, /health without credentials.
 */
import { loadConfig } from '@tfbench/core/config';
import { describeEachDatabase } from '@tfbench/core/testing';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { Browser, listenOnLoopback, withKey } from './auth-client.js';

const config = loadConfig({ TINYFISH_MOCK_MODE: 'true', LOG_LEVEL: 'info' });
const ADMIN = { email: 'Admin@Example.com', password: 'correct horse battery' };

describeEachDatabase('accounts and sessions', (getDb) => {
  let app: FastifyInstance;
  let base: string;
  const logLines: string[] = [];

  const logged = { write: (line: string) => logLines.push(line) };
  beforeAll(async () => {
    app = await buildApp({ config, db: getDb(), logger: { level: 'info', stream: logged } });
    base = await listenOnLoopback(app);
  });
  afterAll(async () => {
    await app.close();
  });

  /** Another API on the same database, for state kept in the process (setup token, throttle). */
  const withOwnApp = async (
    options: Pick<Parameters<typeof buildApp>[0], 'loginThrottle'>,
    test: (base: string) => Promise<void>,
  ) => {
    logLines.length = 0;
    const own = await buildApp({
      config,
      db: getDb(),
      logger: { level: 'info', stream: logged },
      ...options,
    });
    try {
      await test(await listenOnLoopback(own));
    } finally {
      await own.close();
    }
  };

  const setupAdmin = async () => {
    const browser = new Browser(base);
    const created = await browser.post('/api/v1/auth/setup', ADMIN);
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    return browser;
  };

  it('creates the administrator once, from loopback, and signs them in', async () => {
    const anonymous = new Browser(base);
    expect((await anonymous.get('/api/v1/auth/status')).json).toEqual({ auth: 'on', setup_required: true });
    const browser = new Browser(base);
    const created = await browser.post('/api/v1/auth/setup', ADMIN);
    expect(created.status).toBe(201);
    expect(created.json.user).toMatchObject({ id: 1, email: 'admin@example.com', role: 'admin' });
    expect(JSON.stringify(created.json)).not.toMatch(/password|hash/);
    const cookies = created.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('tfbench_session='))).toMatch(/HttpOnly/);
    expect(cookies.find((c) => c.startsWith('tfbench_session='))).toMatch(/SameSite=Lax/);
    expect(cookies.find((c) => c.startsWith('tfbench_csrf='))).not.toMatch(/HttpOnly/);
    expect((await browser.get('/api/v1/auth/me')).json).toMatchObject({ role: 'admin', via: 'session' });
    const again = await anonymous.post('/api/v1/auth/setup', {
      email: 'b@example.com',
      password: 'another password',
    });
    expect([again.status, again.json.error?.code]).toEqual([409, 'SETUP_DONE']);
    expect((await anonymous.get('/api/v1/auth/status')).json).toEqual({ auth: 'on', setup_required: false });
  });

  it('asks a remote client for the setup token printed in the log', async () => {
    await withOwnApp({}, async (base) => {
      // The dashboard's server and reverse proxies connect from loopback but name the client.
      const remote = new Browser(base, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      const refused = await remote.post('/api/v1/auth/setup', ADMIN);
      // A proxy on this machine that names the host the browser asked for, a public one.
      const proxied = await new Browser(base, { headers: { 'x-forwarded-host': 'bench.example.com' } }).post(
        '/api/v1/auth/setup',
        ADMIN,
      );
      expect(proxied.status).toBe(403);
      // Through a dashboard reachable from the network, forwarding headers that claim this
      // machine prove nothing: the browser wrote them.
      const spoofed = await new Browser(base, {
        headers: {
          'x-forwarded-for': '127.0.0.1',
          'x-forwarded-host': 'localhost:3000',
          'x-tfbench-dashboard-reach': 'network',
        },
      }).post('/api/v1/auth/setup', ADMIN);
      expect([spoofed.status, spoofed.json.error?.code]).toEqual([403, 'SETUP_TOKEN_REQUIRED']);
      expect([refused.status, refused.json.error?.code]).toEqual([403, 'SETUP_TOKEN_REQUIRED']);
      const printed = logLines
        .map((line) => JSON.parse(line) as { setup_token?: string })
        .find((l) => l.setup_token);
      expect(printed?.setup_token).toMatch(/^setup_/);
      const wrong = await remote.post('/api/v1/auth/setup', { ...ADMIN, setup_token: 'setup_wrong' });
      expect(wrong.status).toBe(403);
      const created = await remote.post('/api/v1/auth/setup', {
        ...ADMIN,
        setup_token: printed?.setup_token,
      });
      expect(created.status).toBe(201);
    });
  });

  it('signs in with a new session each time and the same answer for a wrong email or password', async () => {
    await setupAdmin();
    const browser = new Browser(base);
    const wrongPassword = await browser.post('/api/v1/auth/login', {
      email: ADMIN.email,
      password: 'not the password',
    });
    const wrongEmail = await browser.post('/api/v1/auth/login', {
      email: 'nobody@example.com',
      password: ADMIN.password,
    });
    expect(wrongPassword.status).toBe(401);
    expect(wrongEmail.json).toEqual(wrongPassword.json);
    expect(wrongPassword.json.error?.code).toBe('INVALID_CREDENTIALS');

    const first = await browser.post('/api/v1/auth/login', {
      email: 'ADMIN@example.com',
      password: ADMIN.password,
    });
    expect(first.status).toBe(200);
    const firstToken = browser.cookies.get('tfbench_session');
    const second = await browser.post('/api/v1/auth/login', ADMIN);
    expect(second.status).toBe(200);
    expect(browser.cookies.get('tfbench_session')).not.toBe(firstToken);
    // The session the browser held before signing in again is over.
    const stale = new Browser(base);
    stale.cookies.set('tfbench_session', firstToken ?? '');
    expect((await stale.get('/api/v1/auth/me')).status).toBe(401);
    expect((await browser.get('/api/v1/auth/me')).status).toBe(200);
    // Nothing secret reached the log.
    expect(logLines.join('\n')).not.toContain(ADMIN.password);
    expect(logLines.join('\n')).not.toContain(browser.cookies.get('tfbench_session'));
  });

  it('throttles failed sign-ins per account and per address with 429 and Retry-After', async () => {
    await setupAdmin();
    await withOwnApp(
      { loginThrottle: { freePerAccount: 3, freePerAddress: 6, baseDelayMs: 5_000 } },
      async (base) => {
        const browser = new Browser(base);
        for (let i = 0; i < 3; i++) {
          expect(
            (await browser.post('/api/v1/auth/login', { ...ADMIN, password: `wrong ${i}` })).status,
          ).toBe(401);
        }
        // The fourth failure starts the delay; from then on even the right password waits.
        expect((await browser.post('/api/v1/auth/login', { ...ADMIN, password: 'wrong 3' })).status).toBe(
          401,
        );
        const throttled = await browser.post('/api/v1/auth/login', ADMIN);
        expect([throttled.status, throttled.json.error?.code]).toEqual([429, 'LOGIN_THROTTLED']);
        const retryAfter = Number(throttled.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(5);
        // Other accounts from the same address: 6 failures are free, the seventh starts the delay.
        for (let i = 0; i < 3; i++) {
          expect(
            (
              await browser.post('/api/v1/auth/login', {
                email: `x${i}@example.com`,
                password: 'wrong wrong',
              })
            ).status,
          ).toBe(401);
        }
        const byAddress = await browser.post('/api/v1/auth/login', {
          email: 'y@example.com',
          password: 'wrong wrong',
        });
        expect(byAddress.status).toBe(429);
      },
    );
  });

  it('refuses a cookie-authenticated write without the CSRF header, not a key-authenticated one', async () => {
    const admin = await setupAdmin();
    const noCsrf = new Browser(base, { csrf: false });
    for (const [name, value] of admin.cookies) noCsrf.cookies.set(name, value);
    const refused = await noCsrf.post('/api/v1/automations', { name: 'a' });
    expect([refused.status, refused.json.error?.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
    const forged = await noCsrf.post('/api/v1/automations', { name: 'a' }, { 'x-csrf-token': 'guessed' });
    expect(forged.status).toBe(403);
    expect((await admin.post('/api/v1/automations', { name: 'a' })).status).toBe(201);
    const key = await admin.post('/api/v1/api-keys', { name: 'ci', role: 'editor' });
    expect(key.status).toBe(201);
    const machine = new Browser(base, { headers: withKey(String(key.json.key)) });
    expect((await machine.post('/api/v1/automations', { name: 'b' })).status).toBe(201);
  });

  it('signs out one browser, or every browser of the account', async () => {
    const first = await setupAdmin();
    const second = new Browser(base);
    await second.post('/api/v1/auth/login', ADMIN);
    const third = new Browser(base);
    await third.post('/api/v1/auth/login', ADMIN);
    expect((await first.post('/api/v1/auth/logout')).status).toBe(204);
    expect(first.cookies.size).toBe(0);
    expect((await second.get('/api/v1/auth/me')).status).toBe(200);
    expect((await second.post('/api/v1/auth/logout-all')).status).toBe(204);
    expect((await third.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('ends sessions past their idle or absolute expiry', async () => {
    const idle = await setupAdmin();
    const old = new Browser(base);
    await old.post('/api/v1/auth/login', ADMIN);
    const db = getDb().db;
    await db.execute(sql`update sessions set last_seen_at = now() - interval '8 days' where id = 1`);
    await db.execute(sql`update sessions set expires_at = now() - interval '1 second' where id = 2`);
    const ended = await idle.get('/api/v1/auth/me');
    expect([ended.status, ended.json.error?.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await old.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('lets an admin reset a password, which ends that user’s sessions', async () => {
    const admin = await setupAdmin();
    const created = await admin.post('/api/v1/users', {
      email: 'ed@example.com',
      password: 'editor password',
      role: 'editor',
    });
    expect(created.status).toBe(201);
    const editor = new Browser(base);
    expect((await editor.signIn('ed@example.com', 'editor password')).status).toBe(200);
    const reset = await admin.post(`/api/v1/users/${created.json.id}/password`, {
      password: 'a new password',
    });
    expect(reset.status).toBe(204);
    expect((await editor.get('/api/v1/auth/me')).status).toBe(401);
    expect((await editor.signIn('ed@example.com', 'editor password')).status).toBe(401);
    expect((await editor.signIn('ed@example.com', 'a new password')).status).toBe(200);
    // The last admin stays an admin.
    const demote = await admin.request('PATCH', '/api/v1/users/1', { role: 'viewer' });
    expect(demote.status).toBe(409);
    expect((await admin.request('DELETE', '/api/v1/users/1')).status).toBe(409);
  });

  it('answers /health with the status only without a credential', async () => {
    const admin = await setupAdmin();
    const anonymous = await new Browser(base).get('/health');
    expect(anonymous.json).toEqual({ status: 'ok' });
    expect((await admin.get('/health')).json).toMatchObject({ status: 'ok', version: expect.any(String) });
    expect((await new Browser(base).get('/metrics')).status).toBe(401);
  });
});
