/**
 * API keys and bootstrap accounts over real HTTP on loopback: a key is shown once and stored as
 * a hash, sent either way, bounded by its creator's role, revoked by owner or admin; the
 * environment's administrator and key are created at start, once.
 */
import { loadConfig } from '@tfbench/core/config';
import { describeEachDatabase } from '@tfbench/core/testing';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { Browser, listenOnLoopback, withKey } from './auth-client.js';

const BOOTSTRAP_KEY = `tfb_${'b'.repeat(40)}`;
const BOOTSTRAP = {
  TINYFISH_MOCK_MODE: 'true',
  LOG_LEVEL: 'silent',
  TFBENCH_BOOTSTRAP_ADMIN_EMAIL: 'Ops@Example.com',
  TFBENCH_BOOTSTRAP_ADMIN_PASSWORD: 'bootstrap password',
  TFBENCH_BOOTSTRAP_API_KEY: BOOTSTRAP_KEY,
};

/** A key as GET /api/v1/api-keys lists it: never the key itself. */
interface ListedKey {
  name: string;
  owner_email: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** The keys `browser` may see. */
async function listedKeys(browser: Browser): Promise<ListedKey[]> {
  return (await browser.get('/api/v1/api-keys')).json.items as ListedKey[];
}

describeEachDatabase('API keys and bootstrap', (getDb) => {
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });
  const start = async (env: Record<string, string> = BOOTSTRAP) => {
    const app = await buildApp({ config: loadConfig(env), db: getDb(), logger: false });
    apps.push(app);
    return listenOnLoopback(app);
  };

  it('creates the bootstrap administrator and key at start, once', async () => {
    const base = await start();
    const admin = new Browser(base, { headers: withKey(BOOTSTRAP_KEY) });
    expect((await admin.get('/api/v1/auth/me')).json).toEqual({ user: null, role: 'admin', via: 'api_key' });
    const signIn = await new Browser(base).post('/api/v1/auth/login', {
      email: 'ops@example.com',
      password: 'bootstrap password',
    });
    expect(signIn.status).toBe(200);
    await start();
    const keys = (await admin.get('/api/v1/api-keys')).json.items as Array<Record<string, unknown>>;
    expect(keys).toEqual([
      expect.objectContaining({ name: 'bootstrap', role: 'admin', prefix: 'bbbbbbbb', owner_email: null }),
    ]);
    expect((await admin.get('/api/v1/users')).json.items).toHaveLength(1);
    expect((await new Browser(base).get('/api/v1/auth/status')).json).toEqual({
      auth: 'on',
      setup_required: false,
    });
  });

  it('shows a key once, stores its hash, and accepts it as Bearer or X-API-Key', async () => {
    const base = await start();
    const admin = new Browser(base, { headers: withKey(BOOTSTRAP_KEY) });
    const created = await admin.post('/api/v1/api-keys', { name: 'ci', role: 'runner' });
    expect(created.status).toBe(201);
    const key = String(created.json.key);
    expect(key).toMatch(/^tfb_[A-Za-z0-9]{40}$/);
    expect(created.json).toMatchObject({
      name: 'ci',
      role: 'runner',
      prefix: key.slice(4, 12),
      expires_at: null,
    });
    const listed = JSON.stringify((await admin.get('/api/v1/api-keys')).json);
    expect(listed).not.toContain(key);
    const stored = await getDb().db.execute(sql`select key_hash from api_keys where name = 'ci'`);
    expect(JSON.stringify(stored)).not.toContain(key);

    const viaHeader = await new Browser(base, { headers: { 'x-api-key': key } }).get('/api/v1/auth/me');
    expect(viaHeader.json).toMatchObject({ role: 'runner', via: 'api_key' });
    const runner = new Browser(base, { headers: withKey(key) });
    expect((await runner.post('/api/v1/automations', { name: 'a' })).status).toBe(403);
    const used = await listedKeys(admin);
    expect(used.find((k) => k.name === 'ci')?.last_used_at).toEqual(expect.any(String));
  });

  it('bounds a key by its creator’s role and lets owner or admin revoke it', async () => {
    const base = await start();
    const admin = new Browser(base, { headers: withKey(BOOTSTRAP_KEY) });
    await admin.post('/api/v1/users', {
      email: 'ed@example.com',
      password: 'editor password',
      role: 'editor',
    });
    const editor = new Browser(base);
    await editor.signIn('ed@example.com', 'editor password');
    const tooStrong = await editor.post('/api/v1/api-keys', { name: 'x', role: 'admin' });
    expect([tooStrong.status, tooStrong.json.error?.code]).toEqual([400, 'VALIDATION_ERROR']);
    const past = await editor.post('/api/v1/api-keys', {
      name: 'x',
      role: 'viewer',
      expires_at: '2000-01-01T00:00:00Z',
    });
    expect(past.status).toBe(400);
    const own = await editor.post('/api/v1/api-keys', { name: 'mine', role: 'editor' });
    expect(own.status).toBe(201);
    // The editor sees its own keys only, not the bootstrap key.
    const mine = await listedKeys(editor);
    expect(mine.map((k) => [k.name, k.owner_email])).toEqual([['mine', 'ed@example.com']]);
    const bootstrapId = 1;
    expect((await editor.request('DELETE', `/api/v1/api-keys/${bootstrapId}`)).status).toBe(404);
    expect((await editor.request('DELETE', `/api/v1/api-keys/${own.json.id}`)).status).toBe(204);
    const revoked = await new Browser(base, { headers: withKey(String(own.json.key)) }).get(
      '/api/v1/auth/me',
    );
    expect([revoked.status, revoked.json.error?.code]).toEqual([401, 'UNAUTHENTICATED']);
    // A key acts no higher than its owner's current role.
    const second = await editor.post('/api/v1/api-keys', { name: 'second', role: 'editor' });
    await admin.request('PATCH', '/api/v1/users/2', { role: 'viewer' });
    const demoted = new Browser(base, { headers: withKey(String(second.json.key)) });
    expect((await demoted.get('/api/v1/auth/me')).json).toMatchObject({ role: 'viewer' });
    expect((await demoted.post('/api/v1/automations', { name: 'x' })).status).toBe(403);
    const listed = await listedKeys(admin);
    expect(listed.find((k) => k.name === 'mine')?.revoked_at).toEqual(expect.any(String));
  });

  it('accepts METRICS_TOKEN for /metrics and /health details only', async () => {
    const token = 'prometheus-scrape-token';
    const base = await start({ ...BOOTSTRAP, METRICS_TOKEN: token });
    const prometheus = new Browser(base, { headers: withKey(token) });
    const metrics = await fetch(`${base}/metrics`, { headers: withKey(token) });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('# TYPE');
    expect((await prometheus.get('/health')).json).toMatchObject({
      status: 'ok',
      version: expect.any(String),
    });
    expect((await prometheus.get('/api/v1/automations')).status).toBe(403);
    expect((await fetch(`${base}/metrics`, { headers: withKey('wrong-token-wrong') })).status).toBe(401);
  });

  it('caps the iterations a runner may start, and not an admin’s', async () => {
    const base = await start({ ...BOOTSTRAP, TFBENCH_MAX_ITERATIONS_RUNNER: '50' });
    const admin = new Browser(base, { headers: withKey(BOOTSTRAP_KEY) });
    const runnerKey = await admin.post('/api/v1/api-keys', { name: 'ci', role: 'runner' });
    const runner = new Browser(base, { headers: withKey(String(runnerKey.json.key)) });
    const benchmark = (iterations: number) => ({ scenario_id: 999, iterations, concurrency: 1 });
    const over = await runner.post('/api/v1/benchmarks', benchmark(51));
    expect([over.status, over.json.error?.code]).toEqual([400, 'VALIDATION_ERROR']);
    expect(JSON.stringify(over.json.error)).toContain('must be at most 50 for the runner role');
    // Within the cap the request goes on (and finds no such scenario).
    expect((await runner.post('/api/v1/benchmarks', benchmark(50))).status).toBe(404);
    expect((await admin.post('/api/v1/benchmarks', benchmark(5_000))).status).toBe(404);
  });

  it('marks the cookies Secure when a trusted proxy says the request came over https', async () => {
    const base = await start({ ...BOOTSTRAP, TFBENCH_TRUST_PROXY: 'true' });
    const credentials = { email: 'ops@example.com', password: 'bootstrap password' };
    const https = await new Browser(base).post('/api/v1/auth/login', credentials, {
      'x-forwarded-proto': 'https',
    });
    expect(https.headers.getSetCookie()).toEqual([
      expect.stringMatching(/; Secure$/),
      expect.stringMatching(/; Secure$/),
    ]);
    const plain = await new Browser(base).post('/api/v1/auth/login', credentials);
    for (const cookie of plain.headers.getSetCookie()) expect(cookie).not.toMatch(/Secure/);
  });
});
