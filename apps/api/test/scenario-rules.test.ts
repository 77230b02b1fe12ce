/**
 * Save-time checks of a scenario's rules and settings, and of a benchmark's thresholds, through
 * the app on PGlite and PostgreSQL: a threshold or assertion that could never be evaluated, and
 * a rate or duration out of bounds, are a 400 naming the element and the reason, and nothing
 * stored changes.
 */
import { benchmarks, scenarios } from '@tfbench/core/db';
import { describeEachDatabase } from '@tfbench/core/testing';
import { eq } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { expectErrorEnvelope, postJson, README_EXAMPLES, useApp } from './helpers.js';

const BASE = '/api/v1/scenarios';
const HUGE = `1${'0'.repeat(469)}`;

/** The 400's details as { field: message }. */
function issuesOf(response: { statusCode: number; body: string }): Record<string, string> {
  expect(response.statusCode, response.body).toBe(400);
  const error = expectErrorEnvelope(response);
  expect(error.code).toBe('VALIDATION_ERROR');
  return Object.fromEntries(
    (error.details as Array<{ field: string; message: string }>).map((d) => [d.field, d.message]),
  );
}

describeEachDatabase('scenario rules and settings are checked when saved', (getDb) => {
  const app = useApp(getDb);
  const scenario = (extra: object) => ({ name: 'checked', automation_id: 1, ...extra });
  /** The issues of the 400 that refuses a scenario with `extra`, field by field. */
  const scenarioIssues = async (extra: object) => issuesOf(await postJson(app(), BASE, scenario(extra)));

  beforeEach(async () => {
    expect((await postJson(app(), '/api/v1/automations', README_EXAMPLES.automation)).statusCode).toBe(201);
  });

  it('refuses thresholds that do not parse or whose bound is not finite, naming each index', async () => {
    const issues = await scenarioIssues({
      thresholds: [
        'p95(total_duration_ms) < 30000',
        'p95(foo) <',
        'success_rate >= 2',
        `p95(total_duration_ms) < ${HUGE}`,
      ],
    });
    expect(Object.keys(issues).sort()).toEqual([
      'body.thresholds.1',
      'body.thresholds.2',
      'body.thresholds.3',
    ]);
    expect(issues['body.thresholds.1']).toMatch(/^expected a metric .* at column 4, found "foo"/);
    expect(issues['body.thresholds.2']).toMatch(/^expected a fraction from 0 to 1 or a percentage/);
    expect(issues['body.thresholds.3']).toMatch(/^expected a finite number at column 25/);
    expect((await app().inject({ method: 'GET', url: BASE })).headers['x-total-count']).toBe('0');
  });

  it('refuses assertions of unknown types, non-objects and regexes that do not compile', async () => {
    expect(await scenarioIssues({ assertions: [{ type: 'nonsense' }] })).toEqual({
      'body.assertions.0.type': expect.stringMatching(
        /^must be one of json_schema, required_paths, .*max_steps$/,
      ),
    });
    const mixed = await scenarioIssues({ assertions: [{ type: 'bogus' }, 42] });
    expect(Object.keys(mixed).sort()).toEqual(['body.assertions.0.type', 'body.assertions.1']);
    expect(mixed['body.assertions.1']).toMatch(/^must be an object with a "type"/);
    const regex = await scenarioIssues({ assertions: [{ type: 'regex', path: 'title', pattern: '(' }] });
    expect(regex).toEqual({
      'body.assertions.0.pattern': expect.stringMatching(/missing closing/),
    });
    // Without its path, the same assertion names that too.
    expect(Object.keys(await scenarioIssues({ assertions: [{ type: 'regex', pattern: '(' }] }))).toEqual(
      expect.arrayContaining(['body.assertions.0.path', 'body.assertions.0.pattern']),
    );
    const ok = await postJson(
      app(),
      BASE,
      scenario({
        assertions: [
          { type: 'regex', path: 'title', pattern: '^a+$' },
          { type: 'max_steps', max: 9 },
        ],
      }),
    );
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('refuses rates, durations and schedule kinds out of bounds in run_settings', async () => {
    const issues = await scenarioIssues({
      run_settings: {
        arrival: 'constant',
        rate_per_s: 1e-300,
        duration_s: 0,
        max_lag_s: 1e9,
        timeout_s: 1e-9,
        schedule_kind: 'sometimes',
      },
    });
    expect(issues).toEqual({
      'body.run_settings.schedule_kind': 'must be one of run, benchmark',
      'body.run_settings.timeout_s': 'must be at least 0.1',
    });
    // The API's own schema answered first; without those two, core names the benchmark settings.
    const core = await scenarioIssues({
      run_settings: { arrival: 'constant', rate_per_s: 1e-300, duration_s: 0, max_lag_s: 1e9 },
    });
    expect(core).toEqual({
      'body.run_settings.rate_per_s': 'must be a number from 0.001 to 10000',
      'body.run_settings.duration_s': 'must be a number from 0.1 to 604800',
      'body.run_settings.max_lag_s': 'must be a number from 0 to 3600',
    });
    // The provider's timeouts: 1e300 ms would overflow Node's timers and fire after 1 ms.
    expect(
      await scenarioIssues({
        run_settings: { idle_timeout_ms: 1e300, retry: { base_delay_ms: -1 }, poll_interval_ms: 0.5 },
      }),
    ).toEqual({
      'body.run_settings.idle_timeout_ms': 'must be a whole number of milliseconds from 1 to 86400000',
      'body.run_settings.poll_interval_ms': 'must be a whole number of milliseconds from 1 to 86400000',
      'body.run_settings.retry.base_delay_ms': 'must be a whole number of milliseconds from 0 to 86400000',
    });
    expect(await scenarioIssues({ run_settings: { schedule_kind: 'benchmark' } })).toEqual({
      'body.run_settings.iterations': 'is required when schedule_kind is benchmark (runs per tick)',
    });
  });

  it('refuses the same on update, and the stored scenario is left as it was', async () => {
    const created = await postJson(
      app(),
      BASE,
      scenario({ thresholds: ['success_rate >= 0.9'], assertions: [{ type: 'max_steps', max: 3 }] }),
    );
    expect(created.statusCode).toBe(201);
    const put = (payload: object) => app().inject({ method: 'PUT', url: `${BASE}/1`, payload });
    expect(Object.keys(issuesOf(await put({ thresholds: ['p95(foo) <'] })))).toEqual(['body.thresholds.0']);
    expect(
      Object.keys(issuesOf(await put({ assertions: [{ type: 'regex', path: '', pattern: '(' }] }))),
    ).toEqual(['body.assertions.0.pattern']);
    expect(
      Object.keys(issuesOf(await put({ run_settings: { arrival: 'poisson', rate_per_s: 1e-300 } }))),
    ).toEqual(['body.run_settings.rate_per_s']);
    const stored = (await app().inject({ method: 'GET', url: `${BASE}/1` })).json();
    expect(stored).toEqual(created.json());
  });

  it('refuses a benchmark whose thresholds, its own or the scenario it inherits, cannot be evaluated', async () => {
    expect((await postJson(app(), BASE, scenario({}))).statusCode).toBe(201);
    const own = issuesOf(
      await postJson(app(), '/api/v1/benchmarks', {
        scenario_id: 1,
        iterations: 1,
        concurrency: 1,
        thresholds: ['p95(foo) <', `max(cost_usd) < ${HUGE}`],
      }),
    );
    expect(Object.keys(own)).toEqual(['body.thresholds.0', 'body.thresholds.1']);
    const tiny = issuesOf(
      await postJson(app(), '/api/v1/benchmarks', {
        scenario_id: 1,
        iterations: 1,
        concurrency: 1,
        arrival: 'constant',
        rate_per_s: 1e-300,
      }),
    );
    expect(tiny).toEqual({ 'body.rate_per_s': 'must be a number from 0.001 to 10000' });
    // A threshold stored before the scenario was checked (written straight to the table).
    await getDb()
      .db.update(scenarios)
      .set({ thresholds: ['success_rate >= 0.9', 'p95(foo) <'] })
      .where(eq(scenarios.id, 1));
    const inherited = issuesOf(
      await postJson(app(), '/api/v1/benchmarks', { scenario_id: 1, iterations: 1, concurrency: 1 }),
    );
    expect(inherited).toEqual({
      'body.thresholds': expect.stringMatching(
        /^the scenario's threshold 1 cannot be evaluated \(expected a metric/,
      ),
    });
    expect(await getDb().db.select().from(benchmarks)).toEqual([]);
    const withOwn = await postJson(app(), '/api/v1/benchmarks', {
      scenario_id: 1,
      iterations: 1,
      concurrency: 1,
      thresholds: ['success_rate >= 0.5'],
    });
    expect(withOwn.statusCode, withOwn.body).toBe(201);
  });
});
