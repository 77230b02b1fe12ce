/**
 * The authorization matrix, generated from the app's own route table (collected by the auth
 * plugin's onRoute hook on a real buildApp with the run engine): for every route and every
 * kind of caller, over real HTTP on loopback, the answer is 401, 403 or neither as the rule
 * says. A route without a rule cannot be built; a route missing from RULES fails here.
 */
import { type Access, roleAtLeast } from '@tfbench/core/auth';
import { loadConfig } from '@tfbench/core/config';
import { requirePostgres, TEST_BACKENDS } from '@tfbench/core/testing';
import { ROLES, type Role } from '@tfbench/domain/model';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { Browser, withKey } from './auth-client.js';
import { databaseEnv, type LiveApi, startLiveApi } from './engine-helpers.js';

const ADMIN_KEY = `tfb_${'A'.repeat(40)}`;
const METRICS_TOKEN = 'metrics-token-for-the-matrix';

/** The rule of every route. A new route must be added here, with the rule it should have. */
const RULES: Record<string, Access> = {
  'GET /health': 'public',
  'GET /metrics': 'viewer',
  'GET /openapi.json': 'public',
  'GET /docs': 'public',
  'GET /docs/static/index.html': 'public',
  'GET /docs/static/swagger-initializer.js': 'public',
  'GET /docs/json': 'public',
  'GET /docs/yaml': 'public',
  'GET /docs/static/*': 'public',
  'HEAD /docs/static/*': 'public',
  'GET /api/v1/automations': 'viewer',
  'GET /api/v1/automations/:id': 'viewer',
  'POST /api/v1/automations': 'editor',
  'PUT /api/v1/automations/:id': 'editor',
  'DELETE /api/v1/automations/:id': 'editor',
  'GET /api/v1/scenarios': 'viewer',
  'GET /api/v1/scenarios/:id': 'viewer',
  'POST /api/v1/scenarios': 'editor',
  'POST /api/v1/scenarios/:id/clone': 'editor',
  'PUT /api/v1/scenarios/:id': 'editor',
  'DELETE /api/v1/scenarios/:id': 'editor',
  'POST /api/v1/scenarios/:id/schedule': 'editor',
  'GET /api/v1/scenarios/:id/schedule/estimate': 'viewer',
  'POST /api/v1/scenarios/schedule-estimate': 'editor',
  'GET /api/v1/runs': 'viewer',
  'GET /api/v1/runs/kpis/dashboard': 'viewer',
  'GET /api/v1/runs/:id': 'viewer',
  'POST /api/v1/runs/trigger': 'runner',
  'POST /api/v1/runs/:id/cancel': 'runner',
  'GET /api/v1/runs/export': 'viewer',
  'GET /api/v1/events': 'viewer',
  'GET /api/v1/benchmarks': 'viewer',
  'GET /api/v1/benchmarks/capacity': 'viewer',
  'GET /api/v1/benchmarks/:id': 'viewer',
  'POST /api/v1/benchmarks': 'runner',
  'POST /api/v1/benchmarks/:id/rerun': 'runner',
  'POST /api/v1/benchmarks/:id/cancel': 'runner',
  'GET /api/v1/benchmarks/:id/report': 'viewer',
  'GET /api/v1/config/export': 'viewer',
  'POST /api/v1/config/plan': 'editor',
  'POST /api/v1/config/apply': 'editor',
  'GET /api/v1/benchmarks/:id/rows': 'viewer',
  'GET /api/v1/benchmark-definitions': 'viewer',
  'GET /api/v1/benchmark-definitions/:id': 'viewer',
  'POST /api/v1/benchmark-definitions': 'editor',
  'PATCH /api/v1/benchmark-definitions/:id': 'editor',
  'DELETE /api/v1/benchmark-definitions/:id': 'editor',
  'POST /api/v1/benchmark-definitions/:id/run': 'runner',
  'GET /api/v1/datasets': 'viewer',
  'GET /api/v1/datasets/:id': 'viewer',
  'GET /api/v1/datasets/:id/rows': 'viewer',
  'POST /api/v1/datasets': 'editor',
  'POST /api/v1/datasets/upload': 'editor',
  'DELETE /api/v1/datasets/:id': 'editor',
  'GET /api/v1/analytics/timeseries': 'viewer',
  'GET /api/v1/analytics/histogram': 'viewer',
  'GET /api/v1/analytics/compare': 'viewer',
  'GET /api/v1/alerts': 'viewer',
  'GET /api/v1/alerts/:id': 'viewer',
  'POST /api/v1/alerts/:id/acknowledge': 'editor',
  'POST /api/v1/alerts/:id/silence': 'editor',
  'DELETE /api/v1/alerts/:id/silence': 'editor',
  'GET /api/v1/auth/status': 'public',
  'POST /api/v1/auth/setup': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'viewer',
  'POST /api/v1/auth/logout-all': 'viewer',
  'GET /api/v1/auth/me': 'viewer',
  'GET /api/v1/users': 'admin',
  'POST /api/v1/users': 'admin',
  'PATCH /api/v1/users/:id': 'admin',
  'POST /api/v1/users/:id/password': 'admin',
  'DELETE /api/v1/users/:id': 'admin',
  'GET /api/v1/api-keys': 'viewer',
  'POST /api/v1/api-keys': 'viewer',
  'DELETE /api/v1/api-keys/:id': 'viewer',
  'GET /api/v1/audit': 'admin',
};

/** A caller of the matrix and what it may do. */
interface Caller {
  name: string;
  browser: Browser;
  /** The role it acts with; null: anonymous or a dead credential. */
  role: Role | null;
  /** A credential that is sent but no longer valid (revoked, expired). */
  dead?: boolean;
  metricsToken?: boolean;
}

type Expected = 'allowed' | 401 | 403;

function expectedAnswer(caller: Caller, access: Access, acceptsMetricsToken: boolean): Expected {
  if (access === 'public') return 'allowed';
  if (caller.metricsToken) return acceptsMetricsToken ? 'allowed' : 403;
  if (caller.role === null) return 401;
  return roleAtLeast(caller.role, access) ? 'allowed' : 403;
}

/** A concrete URL for a route pattern: ids that exist nowhere, so no request changes anything. */
const concreteUrl = (url: string) => url.replace(/:\w+/g, '999999').replace(/\*$/, 'x');

for (const backend of TEST_BACKENDS) {
  describe(`authorization matrix [${backend}]`, async () => {
    if (backend === 'postgres' && !(await requirePostgres())) return;
    let api: LiveApi;
    let drop: () => Promise<void>;
    const callers: Caller[] = [];

    const password = 'matrix password';
    const signIn = async (email: string) => {
      const browser = new Browser(api.base);
      const answer = await browser.signIn(email, password);
      expect(answer.status).toBe(200);
      return browser;
    };
    /** Session callers, signed in again (the sign-out routes end their sessions). */
    const signInEveryRole = async () => {
      for (const caller of callers.filter((c) => c.name.startsWith('session '))) {
        const fresh = await signIn(`${caller.role}@example.com`);
        caller.browser.cookies.clear();
        for (const [name, value] of fresh.cookies) caller.browser.cookies.set(name, value);
      }
    };

    beforeAll(async () => {
      const database = await databaseEnv(backend);
      drop = database.drop;
      api = await startLiveApi(
        { ...database.env, TFBENCH_AUTH: 'on', TFBENCH_BOOTSTRAP_API_KEY: ADMIN_KEY, METRICS_TOKEN },
        { role: 'api' },
      );
      const admin = new Browser(api.base, { headers: withKey(ADMIN_KEY) });
      const key = async (name: string, role: Role) => {
        const created = await admin.post('/api/v1/api-keys', { name, role });
        expect(created.status, JSON.stringify(created.json)).toBe(201);
        return created.json as { id: number; key: string };
      };
      callers.push({ name: 'anonymous', browser: new Browser(api.base), role: null });
      callers.push({
        name: 'metrics token',
        browser: new Browser(api.base, { headers: withKey(METRICS_TOKEN) }),
        role: null,
        metricsToken: true,
      });
      for (const role of ROLES) {
        callers.push({
          name: `key ${role}`,
          browser: new Browser(api.base, { headers: withKey((await key(role, role)).key) }),
          role,
        });
        const user = await admin.post('/api/v1/users', { email: `${role}@example.com`, password, role });
        expect(user.status).toBe(201);
        callers.push({ name: `session ${role}`, browser: await signIn(`${role}@example.com`), role });
      }
      const revoked = await key('revoked', 'admin');
      expect((await admin.request('DELETE', `/api/v1/api-keys/${revoked.id}`)).status).toBe(204);
      callers.push({
        name: 'revoked key',
        browser: new Browser(api.base, { headers: withKey(revoked.key) }),
        role: null,
        dead: true,
      });
      const expired = await key('expired', 'admin');
      await api.runtime.db.db.execute(
        sql`update api_keys set expires_at = now() - interval '1 second' where id = ${expired.id}`,
      );
      callers.push({
        name: 'expired key',
        browser: new Browser(api.base, { headers: withKey(expired.key) }),
        role: null,
        dead: true,
      });
      await admin.post('/api/v1/users', { email: 'expired@example.com', password, role: 'admin' });
      const expiredSession = await signIn('expired@example.com');
      await api.runtime.db.db.execute(
        sql`update sessions set expires_at = now() - interval '1 second' where user_id = (select id from users where email = 'expired@example.com')`,
      );
      callers.push({ name: 'expired session', browser: expiredSession, role: null, dead: true });
    }, 120_000);

    afterAll(async () => {
      await api?.close();
      await drop?.();
    });

    it('has a rule for every route, and the rule RULES names', () => {
      const declared = Object.fromEntries(api.app.routeAccess.map((r) => [`${r.method} ${r.url}`, r.access]));
      expect(declared).toEqual(RULES);
      expect(api.app.routeAccess.filter((r) => r.acceptsMetricsToken).map((r) => r.url)).toEqual([
        '/metrics',
      ]);
    });

    it('answers every route to every caller as its rule says', async () => {
      const mismatches: string[] = [];
      // Sign-out routes last: they end the callers' sessions.
      const routes = [...api.app.routeAccess].sort(
        (a, b) => Number(a.url.includes('/logout')) - Number(b.url.includes('/logout')),
      );
      for (const route of routes) {
        if (route.url.includes('/logout')) await signInEveryRole();
        for (const caller of callers) {
          const expected = expectedAnswer(caller, route.access, route.acceptsMetricsToken);
          const body = ['GET', 'HEAD', 'DELETE'].includes(route.method) ? undefined : {};
          const status = await requestStatus(caller.browser, route.method, concreteUrl(route.url), body);
          const ok = expected === 'allowed' ? status !== 401 && status !== 403 : status === expected;
          if (!ok)
            mismatches.push(
              `${route.method} ${route.url} as ${caller.name}: ${status}, expected ${expected}`,
            );
        }
      }
      expect(mismatches).toEqual([]);
    }, 300_000);
  });
}

/** The status of one request; a streaming answer (live events) is closed once its head arrives. */
async function requestStatus(browser: Browser, method: string, url: string, body: unknown): Promise<number> {
  const controller = new AbortController();
  const headers: Record<string, string> = browser.headers(method);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${browser.base}${url}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: controller.signal,
  });
  controller.abort();
  return response.status;
}

describe('a route without a rule', () => {
  it('makes buildApp fail, naming the route', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', TFBENCH_AUTH: 'off' });
    const app = await import('fastify').then((f) => f.default());
    const { authentication } = await import('../src/http/auth.js');
    await app.register(authentication, { deps: { config, db: undefined as never } });
    await expect(
      app.register(async (inner) => {
        inner.get('/unruled', async () => 'no rule');
      }),
    ).rejects.toThrow(/route GET \/unruled has no valid config\.access/);
    await app.close();
    expect(buildApp).toBeTypeOf('function');
  });
});
