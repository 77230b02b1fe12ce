/** The audit trail over real HTTP on loopback: who did what, from where, when, on what. */
import { auditAction } from '@tfbench/core/auth';
import { loadConfig } from '@tfbench/core/config';
import { describeEachDatabase } from '@tfbench/core/testing';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { Browser, listenOnLoopback, withKey } from './auth-client.js';
import { eventually, useAdminApp } from './helpers.js';

const ADMIN_KEY = `tfb_${'c'.repeat(40)}`;

describe('audit actions', () => {
  it.each([
    ['POST', '/api/v1/automations', {}, 'automation.create', null],
    ['PUT', '/api/v1/scenarios/:id', { id: 4 }, 'scenario.update', 'scenarios/4'],
    ['POST', '/api/v1/runs/:id/cancel', { id: 7 }, 'run.cancel', 'runs/7'],
    ['POST', '/api/v1/runs/trigger', {}, 'run.trigger', null],
    ['DELETE', '/api/v1/alerts/:id/silence', { id: 2 }, 'alert.unsilence', 'alerts/2'],
    ['DELETE', '/api/v1/api-keys/:id', { id: 3 }, 'api_key.delete', 'api-keys/3'],
    ['POST', '/api/v1/users/:id/password', { id: 2 }, 'user.password', 'users/2'],
  ] as const)('names the write %s %s by resource and verb', (method, route, params, action, target) => {
    expect(auditAction(method, route, params)).toEqual({ action, target });
  });

  it.each([
    ['GET', '/api/v1/automations'],
    ['POST', '/api/v1/scenarios/schedule-estimate'],
  ] as const)('skips %s %s: a read, or a write that changes nothing', (method, route) => {
    expect(auditAction(method, route, {})).toBeNull();
  });
});

describeEachDatabase('audit trail', (getDb) => {
  const startApp = useAdminApp(getDb, ADMIN_KEY);

  it('records writes, sign-ins and failed sign-ins with actor, address, time and target; admins read it', async () => {
    const { base, admin } = await startApp();
    const started = Date.now();
    const automation = await admin.post('/api/v1/automations', { name: 'audited' });
    expect(automation.status).toBe(201);
    expect((await admin.request('DELETE', `/api/v1/automations/${automation.json.id}`)).status).toBe(204);
    await admin.post('/api/v1/users', {
      email: 'vi@example.com',
      password: 'viewer password',
      role: 'viewer',
    });
    const viewer = new Browser(base);
    expect((await viewer.signIn('vi@example.com', 'wrong password')).status).toBe(401);
    expect((await viewer.signIn('vi@example.com', 'viewer password')).status).toBe(200);
    // A refused write leaves no entry.
    expect((await viewer.post('/api/v1/automations', { name: 'refused' })).status).toBe(403);

    const entries = await eventually(async () => {
      const answer = await admin.get('/api/v1/audit');
      const items = answer.json.items as Array<Record<string, unknown>>;
      return items.length >= 5 ? items : undefined;
    }, 'five audit entries');
    expect(entries.map((e) => [e.action, e.actor, e.target, e.status])).toEqual([
      ['auth.login', 'user:vi@example.com', 'users/1', 200],
      ['auth.login_failed', 'anonymous', 'account:vi@example.com', 401],
      ['user.create', 'key:bootstrap (tfb_cccccccc)', 'users/1', 201],
      ['automation.delete', 'key:bootstrap (tfb_cccccccc)', 'automations/1', 204],
      ['automation.create', 'key:bootstrap (tfb_cccccccc)', 'automations/1', 201],
    ]);
    for (const entry of entries) {
      expect(entry.ip).toBe('127.0.0.1');
      expect(Date.parse(String(entry.at))).toBeGreaterThanOrEqual(started - 5_000);
    }
    const filtered = await admin.get('/api/v1/audit?action=auth.login_failed');
    expect(filtered.json.total).toBe(1);
    expect((await viewer.get('/api/v1/audit')).status).toBe(403);
  });

  it('pages a long trail with next_cursor, each entry once, newest first', async () => {
    // Entries written in one statement share one instant, finer than a millisecond.
    await getDb().db.execute(
      sql`insert into audit_log (actor, ip, action, target, status) select 'user:bulk@example.com', '10.0.0.1', 'automation.create', 'automations/' || k, 201 from generate_series(1, 2500) as k`,
    );
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      TINYFISH_MOCK_MODE: 'true',
      TFBENCH_BOOTSTRAP_API_KEY: ADMIN_KEY,
    });
    const own = await buildApp({ config, db: getDb(), logger: false });
    try {
      const admin = new Browser(await listenOnLoopback(own), { headers: withKey(ADMIN_KEY) });
      const query = '/api/v1/audit?actor=user:bulk@example.com&limit=1000';
      const seen: number[] = [];
      for (let url = query; ; ) {
        const page = await admin.get(url);
        expect(page.status).toBe(200);
        expect(page.json.total).toBe(2500);
        seen.push(...(page.json.items as Array<{ id: number }>).map((entry) => entry.id));
        if (page.json.next_cursor === null) break;
        url = `${query}&cursor=${page.json.next_cursor}`;
      }
      expect(seen).toHaveLength(2500);
      expect(seen).toEqual([...seen].sort((a, b) => b - a));
      const forged = await admin.get('/api/v1/audit?cursor=forged');
      expect([forged.status, forged.json.error?.code]).toEqual([400, 'VALIDATION_ERROR']);
    } finally {
      await own.close();
    }
  });

  it('deletes entries past the retention period at start', async () => {
    const db = getDb().db;
    await db.execute(
      sql`insert into audit_log (actor, action, status, at) values ('anonymous', 'old.entry', 200, now() - interval '91 days'), ('anonymous', 'new.entry', 200, now() - interval '89 days')`,
    );
    const own = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent', TFBENCH_AUTH: 'off' }),
      db: getDb(),
      logger: false,
    });
    await own.ready();
    await own.close();
    const left = (await db.execute(sql`select action from audit_log order by id`)) as unknown as {
      rows: Array<{ action: string }>;
    };
    expect(left.rows.map((r) => r.action)).toEqual(['new.entry']);
  });
});
