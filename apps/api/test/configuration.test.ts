/**
 * /api/v1/config on PGlite and PostgreSQL: a document applied creates its items under their
 * keys, applied again changes nothing, changed is updated field by field, and pruned deletes
 * what it no longer declares; items made in the dashboard are exported under keys from their
 * names and taken over by an apply of that export; credentials never leave. Hostile documents
 * are 400s naming the field (or 413), with nothing stored.
 */
import { randomBytes } from 'node:crypto';
import type { ConfigDocumentInput, ConfigPlan } from '@tfbench/contract';
import { parseSecretKey, SecretBox } from '@tfbench/core/secrets';
import { describeEachDatabase } from '@tfbench/core/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { Browser, withKey } from './auth-client.js';
import {
  expectErrorEnvelope,
  fieldsOf,
  postJson,
  storedFingerprint,
  testConfig,
  useAdminApp,
} from './helpers.js';

const SECRET = 'sk-config-DO-NOT-EXPORT-71c2';

const DOCUMENT = {
  automations: [
    {
      key: 'shop',
      name: 'Shop search',
      provider: 'tinyfish',
      default_inputs: { url: 'https://scrapeme.live/shop/' },
    },
  ],
  scenarios: [
    {
      key: 'cheapest',
      name: 'Cheapest item',
      automation: 'shop',
      inputs_template: { goal: 'Find the cheapest product' },
      run_settings: { interval_seconds: 3600, alert_window_runs: 10 },
      thresholds: ['success_rate >= 0.5'],
    },
  ],
} satisfies ConfigDocumentInput;

function actions(plan: ConfigPlan): string[] {
  return plan.items.map((item) => `${item.action} ${item.kind} ${item.key}${fieldList(item.fields)}`);
}

/** The fields a 400 names, as paths with dots: `body.items[0].name` -> `items.0.name`. */
function namedFields(details: unknown): string[] {
  return fieldsOf(details).map((field) => field.replace(/^body\./, '').replace(/\[(\d+)\]/g, '.$1'));
}

function fieldList(fields: string[]): string {
  return fields.length > 0 ? ` (${fields.join(', ')})` : '';
}

describeEachDatabase('configuration as code API', (getDb) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({
      config: testConfig,
      db: getDb(),
      secretBox: new SecretBox(parseSecretKey(randomBytes(32).toString('hex'))),
      logger: false,
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  const apply = async (body: object) => {
    const response = await postJson(app, '/api/v1/config/apply', body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as ConfigPlan;
  };
  const exported = async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/config/export' });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as ConfigDocumentInput;
  };

  it('creates, leaves unchanged, updates field by field, and prunes by key', async () => {
    const dry = await apply({ document: DOCUMENT, dry_run: true });
    expect(dry.applied).toBe(false);
    expect(actions(dry)).toEqual(['create automation shop', 'create scenario cheapest']);
    expect(await exported()).toEqual({ automations: [], datasets: [], scenarios: [], benchmarks: [] });

    expect(actions(await apply({ document: DOCUMENT }))).toEqual([
      'create automation shop',
      'create scenario cheapest',
    ]);
    const again = await postJson(app, '/api/v1/config/plan', { document: DOCUMENT });
    expect(again.json().counts).toEqual({ create: 0, update: 0, delete: 0, unchanged: 2 });
    expect(await exported()).toEqual({ ...DOCUMENT, datasets: [], benchmarks: [] });
    const stored = (await app.inject({ method: 'GET', url: '/api/v1/scenarios' })).json();
    expect(stored).toMatchObject([{ key: 'cheapest', name: 'Cheapest item' }]);

    const changed = {
      automations: [...DOCUMENT.automations, { key: 'other', name: 'Other' }],
      scenarios: [{ ...DOCUMENT.scenarios[0], thresholds: [], schedule_enabled: true }],
    };
    const updated = await apply({ document: changed });
    expect(actions(updated)).toEqual([
      'unchanged automation shop',
      'create automation other',
      'update scenario cheapest (thresholds, schedule_enabled)',
    ]);
    const scenario = (await app.inject({ method: 'GET', url: '/api/v1/scenarios' })).json()[0];
    expect(scenario).toMatchObject({
      thresholds: [],
      schedule_enabled: true,
      next_run_at: expect.any(String),
    });

    // Without prune nothing undeclared goes; with it the scenario and then its automation do.
    const onlyOther = { automations: [{ key: 'other', name: 'Other' }] };
    expect(actions(await apply({ document: onlyOther, dry_run: true }))).toEqual([
      'unchanged automation other',
    ]);
    expect(actions(await apply({ document: onlyOther, prune: true }))).toEqual([
      'unchanged automation other',
      'delete scenario cheapest',
      'delete automation shop',
    ]);
    expect(await exported()).toEqual({
      automations: [{ key: 'other', name: 'Other', provider: 'tinyfish' }],
      datasets: [],
      scenarios: [],
      benchmarks: [],
    });
  });

  it('exports dashboard-made items under keys from their names, which an apply takes over', async () => {
    const automation = await postJson(app, '/api/v1/automations', {
      name: 'Local LLM (EU)',
      provider: 'openai',
      default_inputs: { model: 'm' },
      config: { base_url: 'https://llm.example.com/v1', api_key: SECRET },
    });
    expect(automation.statusCode, automation.body).toBe(201);
    const scenario = await postJson(app, '/api/v1/scenarios', {
      name: 'Short answers',
      automation_id: automation.json().id,
      inputs_template: { prompt: 'hi' },
    });
    expect(scenario.statusCode, scenario.body).toBe(201);

    const document = await exported();
    expect(JSON.stringify(document)).not.toContain(SECRET);
    expect(document).toEqual({
      automations: [
        {
          key: 'local-llm-eu',
          name: 'Local LLM (EU)',
          provider: 'openai',
          default_inputs: { model: 'm' },
          config: { base_url: 'https://llm.example.com/v1' },
        },
      ],
      datasets: [],
      scenarios: [
        {
          key: 'short-answers',
          name: 'Short answers',
          automation: 'local-llm-eu',
          inputs_template: { prompt: 'hi' },
        },
      ],
      benchmarks: [],
    });
    expect(actions(await apply({ document, prune: true }))).toEqual([
      'update automation local-llm-eu (key)',
      'update scenario short-answers (key)',
    ]);
    expect(await exported()).toEqual(document);
    const kept = (
      await app.inject({ method: 'GET', url: `/api/v1/automations/${automation.json().id}` })
    ).json();
    expect(kept.config.api_key_set).toBe(true);
  });

  it.each([
    ['an unknown field', { document: { ...DOCUMENT, benchmark: {} } }, 'document.benchmark'],
    [
      'an unknown field of an item',
      { document: { automations: [{ key: 'a', name: 'A', colour: 'red' }] } },
      'document.automations.0.colour',
    ],
    ['a missing document', { prune: false }, 'document'],
    ['a bad type', { document: { automations: [{ key: 'a', name: 7 }] } }, 'document.automations.0.name'],
    ['a bad key', { document: { automations: [{ key: '-a b', name: 'A' }] } }, 'document.automations.0.key'],
    [
      'duplicate keys',
      { document: { automations: [DOCUMENT.automations[0], { key: 'shop', name: 'Shop 2' }] } },
      'document.automations.1.key',
    ],
    [
      'duplicate names',
      { document: { automations: [DOCUMENT.automations[0], { key: 'shop2', name: ' shop SEARCH' }] } },
      'document.automations.1.name',
    ],
    [
      'a scenario naming an undeclared automation',
      { document: { scenarios: DOCUMENT.scenarios } },
      'document.scenarios.0.automation',
    ],
    [
      "a value the provider's schema refuses",
      { document: { automations: [{ key: 'a', name: 'A', config: { base_url: 'ftp://x' } }] } },
      'document.automations.0.config.base_url',
    ],
    ['dry_run of the wrong type', { document: DOCUMENT, dry_run: 'yes' }, 'dry_run'],
  ])('answers 400 naming the field for %s, storing nothing', async (_case, body, field) => {
    const before = await storedFingerprint(getDb());
    for (const url of ['/api/v1/config/plan', '/api/v1/config/apply']) {
      if (url.endsWith('plan') && 'dry_run' in body) continue;
      const response = await postJson(app, url, body);
      expect(response.statusCode, response.body).toBe(400);
      const error = expectErrorEnvelope(response);
      expect(namedFields(error.details), response.body).toContain(field);
    }
    expect(await storedFingerprint(getDb())).toEqual(before);
  });

  it('answers 413 to a body over the limit, and 400 to too many items', async () => {
    const huge = {
      document: { automations: [{ key: 'a', name: 'A', description: 'x'.repeat(5 * 1024 * 1024) }] },
    };
    expect((await postJson(app, '/api/v1/config/apply', huge)).statusCode).toBe(413);
    const many = Array.from({ length: 1001 }, (_, i) => ({ key: `a${i}`, name: `A${i}` }));
    const response = await postJson(app, '/api/v1/config/plan', { document: { automations: many } });
    expect(response.statusCode).toBe(400);
    expect(namedFields(expectErrorEnvelope(response).details)).toContain('document.automations');
  });

  it('rolls back the whole apply when one item is refused', async () => {
    const before = await storedFingerprint(getDb());
    const response = await postJson(app, '/api/v1/config/apply', {
      document: {
        automations: [{ key: 'fine', name: 'Fine' }],
        scenarios: [{ key: 's', name: 'S', automation: 'fine', thresholds: ['p95(nonsense) <'] }],
      },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(namedFields(expectErrorEnvelope(response).details)[0]).toMatch(
      /^document\.scenarios\.0\.thresholds/,
    );
    expect(await storedFingerprint(getDb())).toEqual(before);
  });
});

describeEachDatabase('configuration as code API: who may do what', (getDb) => {
  const startApp = useAdminApp(getDb, `tfb_${'c'.repeat(40)}`);

  it('lets a viewer export, an editor apply, and only an admin prune', async () => {
    const { base, admin } = await startApp();
    const keyOf = async (role: string) =>
      new Browser(base, {
        headers: withKey(String((await admin.post('/api/v1/api-keys', { name: role, role })).json.key)),
      });
    const viewer = await keyOf('viewer');
    const editor = await keyOf('editor');
    const document = { automations: [{ key: 'a', name: 'A' }] };

    expect((await new Browser(base).get('/api/v1/config/export')).status).toBe(401);
    expect((await viewer.get('/api/v1/config/export')).status).toBe(200);
    for (const url of ['/api/v1/config/plan', '/api/v1/config/apply']) {
      const refused = await viewer.post(url, { document });
      expect(refused.status).toBe(403);
      expect(refused.json.error?.code).toBe('FORBIDDEN');
    }
    expect((await editor.post('/api/v1/config/apply', { document })).status).toBe(200);
    const prune = await editor.post('/api/v1/config/apply', { document, prune: true });
    expect(prune.status).toBe(403);
    expect(prune.json.error?.message).toContain('admin');
    expect((await editor.post('/api/v1/config/plan', { document, prune: true })).status).toBe(403);
    const pruned = await admin.post('/api/v1/config/apply', { document: {}, prune: true });
    expect(pruned.status).toBe(200);
    expect((pruned.json as unknown as ConfigPlan).counts.delete).toBe(1);
  });
});
