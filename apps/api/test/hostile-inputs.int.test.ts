/**
 * Hostile inputs against a live API (real HTTP on loopback, the embedded worker executing
 * runs against the mock): the requests that were measured to freeze the process — a time
 * series over 1970-9999 with the automatic bucket, three of them at once, a catastrophic
 * regex against a 30-character result, the largest allowed benchmark created and cancelled
 * (on PostgreSQL; see there why), SSRF webhook URLs and a burst of 100 triggers. Throughout,
 * /health is polled concurrently and must keep answering within HEALTH_BOUNDS.
 */
import { BENCHMARK_LIMITS } from '@tfbench/core/benchmarks';
import { requirePostgres, TEST_BACKENDS } from '@tfbench/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as live from './engine-helpers.js';
import { eventually } from './helpers.js';

/**
 * How fast /health must answer while an attack is under way: within 200 ms throughout, the
 * issue's bound, with the one tolerance a shared machine forces. The answer's wall time also
 * counts the time the OS gives the CPU to other processes (this machine runs several test
 * suites at once; stalls of 100-300 ms were measured in which this process got under 10 ms of
 * CPU). So the bound is asserted on what this process controls: in no stall of its event loop
 * does it spend more than `busiestMs` of CPU (that is, no request's work holds the thread that
 * long), while the median answer stays within `typicalMs` and none exceeds `slowestMs`.
 *
 * On PostgreSQL the API's thread does no heavy work of its own (SQL runs in the server, scrypt
 * in libuv's pool, bodies are at most 1 MiB), so every bound is 200 ms but the starvation
 * guard. PGlite executes SQL on the API's own thread, so there a query in flight delays /health
 * by its duration (a few hundred ms on a shared CPU): no CPU bound, wider wall bounds.
 */
const HEALTH_BOUNDS: Record<string, { typicalMs: number; slowestMs: number; busiestMs?: number }> = {
  postgres: { typicalMs: 200, slowestMs: 2_000, busiestMs: 200 },
  // Up to 60 accepted runs of the trigger burst execute on the same thread as /health.
  pglite: { typicalMs: 500, slowestMs: 3_000 },
};

/**
 * Watches this process's event loop with a 5 ms timer: a gap between ticks is a stall, and the
 * CPU time the process used during it tells work on the thread (CPU close to the gap) from
 * the OS running something else (little CPU). Returns a stop function giving the largest CPU
 * time spent in one stall and the stalls over 100 ms, for the failure message.
 */
function watchEventLoop() {
  let busiestMs = 0;
  const stalls: string[] = [];
  let lastWall = performance.now();
  let lastCpu = process.cpuUsage();
  const ticker = setInterval(() => {
    const wall = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const gapMs = wall - lastWall;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    if (gapMs > 20) busiestMs = Math.max(busiestMs, Math.min(gapMs, cpuMs));
    if (gapMs > 100) stalls.push(`${Math.round(gapMs)} ms (cpu ${Math.round(cpuMs)} ms)`);
    lastWall = wall;
    lastCpu = process.cpuUsage();
  }, 5);
  return () => {
    clearInterval(ticker);
    return { busiestMs, stalls };
  };
}

/** Polls `path` (/health) every 50 ms (one request at a time) and keeps every answer's time. */
function pollHealth(base: string, path = '/health') {
  let stopped = false;
  const times: number[] = [];
  const failures: string[] = [];
  const stopWatching = watchEventLoop();
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      try {
        const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        if (response.status !== 200) failures.push(`HTTP ${response.status}`);
      } catch (error) {
        failures.push((error as Error).message);
      }
      times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      const loopSeen = stopWatching();
      const sorted = [...times].sort((a, b) => a - b);
      const median = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
      return { median, slowest: sorted.at(-1) ?? 0, answers: sorted.length, failures, ...loopSeen };
    },
  };
}

const postgresReady = await requirePostgres();

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend === 'postgres' && !postgresReady)(`hostile inputs [${backend}]`, () => {
    let api: live.LiveApi;
    let automationId: number;

    beforeAll(async () => {
      api = await live.startFreshLiveApi(backend);
      const automation = await live.postJson(api.base, '/api/v1/automations', { name: 'hostile' });
      automationId = automation.json.id as number;
    });
    afterAll(async () => {
      await api?.close();
    });

    async function underHealthWatch<T>(attack: () => Promise<T>, path = '/health'): Promise<T> {
      // The first answers of a fresh process include its warm-up, which is not an attack's cost.
      for (let i = 0; i < 3; i++) await (await fetch(`${api.base}${path}`)).arrayBuffer();
      const health = pollHealth(api.base, path);
      try {
        return await attack();
      } finally {
        const { median, slowest, answers, failures, busiestMs, stalls } = await health.stop();
        const bounds = HEALTH_BOUNDS[backend] as (typeof HEALTH_BOUNDS)[string];
        const seen = `${answers} answers, median ${Math.round(median)} ms, slowest ${Math.round(slowest)} ms; event-loop stalls over 100 ms: ${stalls.join(', ') || 'none'}`;
        expect(failures).toEqual([]);
        expect(median, seen).toBeLessThan(bounds.typicalMs);
        if (bounds.busiestMs !== undefined) expect(busiestMs, seen).toBeLessThanOrEqual(bounds.busiestMs);
        expect(slowest, seen).toBeLessThanOrEqual(bounds.slowestMs);
      }
    }

    it('a ^(a+)+$ assertion against a 30-character result fails that assertion at once', async () => {
      const scenario = await live.postJson(api.base, '/api/v1/scenarios', {
        name: 'redos',
        automation_id: automationId,
        inputs_template: { mock: { ...live.FAST_MOCK, result: { x: `${'a'.repeat(29)}!` } } },
        assertions: [{ type: 'regex', path: 'x', pattern: '^(a+)+$' }],
      });
      expect(scenario.status).toBe(201);
      const runToEnd = async (scenarioId: unknown) => {
        const trigger = await live.postJson(api.base, '/api/v1/runs/trigger', { scenario_id: scenarioId });
        expect(trigger.status).toBe(201);
        return eventually(
          async () => {
            const { json } = await live.getJson(api.base, `/api/v1/runs/${trigger.json.id}`);
            return ['pending', 'running'].includes(json.status as string) ? undefined : json;
          },
          'the run',
          30_000,
        );
      };
      // A benign run first: the first run of a process loads the engine's code paths.
      const benign = await live.postJson(api.base, '/api/v1/scenarios', {
        name: 'benign',
        automation_id: automationId,
        inputs_template: { mock: { ...live.FAST_MOCK, result: { x: 'aaa' } } },
        assertions: [{ type: 'regex', path: 'x', pattern: '^a+$' }],
      });
      const warm = await runToEnd(benign.json.id);
      expect(warm).toMatchObject({ status: 'completed', assertions_passed: true });
      const run = await underHealthWatch(() => runToEnd(scenario.json.id));
      expect(run).toMatchObject({ status: 'completed', assertions_passed: false });
      expect(JSON.stringify(run)).toContain('x does not match /^(a+)+$/');
    });

    const everything =
      '/api/v1/analytics/timeseries?metric=total&from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59Z';

    it('a time series over 1970-9999 with the automatic bucket is bounded, one or three at once', async () => {
      await underHealthWatch(async () => {
        const started = performance.now();
        const response = await fetch(`${api.base}${everything}`);
        const body = await response.text();
        expect(response.status).toBe(200);
        expect(performance.now() - started).toBeLessThan(5_000);
        const series = JSON.parse(body) as { points: unknown[]; bucket: string };
        expect(series.points.length).toBeLessThanOrEqual(5_000);
        expect(body.length).toBeLessThan(2_000_000);

        const three = await Promise.all([1, 2, 3].map(() => fetch(`${api.base}${everything}`)));
        for (const each of three) {
          expect(each.status).toBe(200);
          expect(((await each.json()) as { points: unknown[] }).points.length).toBeLessThanOrEqual(5_000);
        }
      });
      // An explicit bucket over the cap is a 400 naming the field.
      const minutes = await live.getJson(api.base, `${everything}&bucket=1m`);
      expect(minutes.status).toBe(400);
      expect((minutes.json.error as live.Json).details).toEqual([
        expect.objectContaining({ field: expect.stringMatching(/bucket$/) }),
      ]);
    });

    // PGlite is one session: a transaction shuts every other query out until it ends, and a
    // benchmark's runs are created (and cancelled) in one transaction so that it has all of them
    // or none, so there /health's `select 1` waits seconds for 100,000 runs. This case therefore
    // runs on PostgreSQL, where /health is served on another connection meanwhile.
    it.skipIf(backend === 'pglite')(
      'the largest allowed benchmark (100,000 runs) is created whole and cancelled',
      async () => {
        const scenario = await live.postJson(api.base, '/api/v1/scenarios', {
          name: 'largest',
          automation_id: automationId,
          inputs_template: { mock: live.FAST_MOCK },
        });
        expect(scenario.status).toBe(201);
        const largest = BENCHMARK_LIMITS.maxTotalRuns;
        const cancelled = await underHealthWatch(async () => {
          const created = await live.postJson(api.base, '/api/v1/benchmarks', {
            scenario_id: scenario.json.id,
            iterations: largest,
            concurrency: 1,
          });
          expect(created.status).toBe(201);
          expect(created.json.progress).toMatchObject({ total: largest });
          const cancel = await live.postJson(api.base, `/api/v1/benchmarks/${created.json.id}/cancel`, {});
          expect(cancel.status).toBe(200);
          return cancel.json;
        });
        expect(cancelled).toMatchObject({ status: 'cancelled', progress: { total: largest } });
        const counts = cancelled.counts as Record<string, number>;
        expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(largest);
        expect(counts.pending).toBe(0);
        expect((await fetch(`${api.base}/health`)).status).toBe(200);
      },
    );

    it('refuses the measured SSRF webhook URLs at save time with a 400 naming the field', async () => {
      for (const url of [
        'http://127.0.0.1:8000/internal/admin?x=1',
        'file:///etc/passwd',
        'gopher://127.0.0.1:6379/_FLUSHALL',
      ]) {
        const refused = await live.postJson(api.base, '/api/v1/scenarios', {
          name: `ssrf ${url}`,
          automation_id: automationId,
          run_settings: { alert_webhook_url: url },
        });
        expect(refused.status, url).toBe(400);
        expect((refused.json.error as live.Json).details, url).toEqual([
          expect.objectContaining({
            field: expect.stringMatching(/(^|\.)run_settings\.alert_webhook_url$/),
            message: expect.stringMatching(/loopback|http\(s\)/),
          }),
        ]);
      }
      const listed = await live.getJson(api.base, '/api/v1/scenarios?limit=1000');
      expect(JSON.stringify(listed.json)).not.toContain('ssrf');
    });

    // Last: it spends this client's run-creating allowance for the minute.
    it('100 triggers in a row: past the run-creating allowance they answer 429 with Retry-After', async () => {
      const scenario = await live.postJson(api.base, '/api/v1/scenarios', {
        name: 'burst',
        automation_id: automationId,
        inputs_template: { mock: live.FAST_MOCK },
      });
      expect(scenario.status).toBe(201);
      const answers = await underHealthWatch(async () => {
        const out: Array<{ status: number; retryAfter: string | null; code?: string }> = [];
        for (let i = 0; i < 100; i++) {
          const response = await fetch(`${api.base}/api/v1/runs/trigger`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ scenario_id: scenario.json.id }),
          });
          const body = (await response.json()) as { error?: { code: string } };
          out.push({
            status: response.status,
            retryAfter: response.headers.get('retry-after'),
            code: body.error?.code,
          });
        }
        return out;
      });
      const created = answers.filter((a) => a.status === 201).length;
      const limited = answers.filter((a) => a.status === 429);
      expect(created).toBeLessThanOrEqual(60);
      expect(limited.length).toBe(100 - created);
      for (const answer of limited) {
        expect(answer.code).toBe('RATE_LIMITED');
        expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
        expect(Number(answer.retryAfter)).toBeLessThanOrEqual(60);
      }
    }, 120_000);
  });
}
