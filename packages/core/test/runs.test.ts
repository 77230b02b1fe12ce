import { NotFoundError, ValidationError } from '@tfbench/domain/errors';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/database.js';
import { insertRunEventsIdempotent } from '../src/repositories/run-events.js';
import {
  createAutomation,
  createScenario,
  getRun,
  listRuns,
  resolveRunInputs,
  triggerRun,
  updateScenario,
} from '../src/services/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { rejectionAs, seedAutomation, seedBenchmark, seedRun, seedScenario } from './seed.js';

describe('resolveRunInputs', () => {
  it('merges shallowly, later sources winning key by key', () => {
    expect(
      resolveRunInputs(
        { a: 1, b: 1, c: 1, nested: { x: 1, y: 1 } },
        { b: 2, c: 2, nested: { x: 2 } },
        { c: 3, extra: null },
      ),
    ).toEqual({ a: 1, b: 2, c: 3, nested: { x: 2 }, extra: null });
    expect(resolveRunInputs({ a: 1 }, {}, null)).toEqual({ a: 1 });
  });
});

describeEachDatabase('run services', (getDb) => {
  const deps = () => ({ db: getDb() });

  describe('triggerRun', () => {
    it('creates a pending run with the README example’s merged inputs', async () => {
      await createAutomation(deps(), {
        name: 'GPT-4 Chat Automation',
        tinyfish_automation_id: 'auto_123abc',
        default_inputs: { model: 'gpt-4', temperature: 0.7 },
      });
      await createScenario(deps(), {
        name: 'Simple Chat Benchmark',
        automation_id: 1,
        inputs_template: { prompt: 'What is the capital of France?', max_tokens: 100 },
        run_settings: { interval_seconds: 300, concurrency: 1 },
      });
      const run = await triggerRun(deps(), { scenario_id: 1, inputs_override: { temperature: 0.5 } });
      expect(run).toMatchObject({
        id: 1,
        scenario_id: 1,
        benchmark_id: null,
        status: 'pending',
        trigger: 'manual',
        is_warmup: false,
        started_at: null,
        total_duration_ms: null,
        inputs: {
          model: 'gpt-4',
          temperature: 0.5,
          prompt: 'What is the capital of France?',
          max_tokens: 100,
        },
      });
      expect((await listRuns(deps())).items).toEqual([run]);
    });

    it('applies automation, then scenario, then override; keeps a snapshot', async () => {
      const automation = await createAutomation(deps(), {
        name: 'a',
        default_inputs: { a: 'automation', b: 'automation', c: 'automation' },
      });
      const scenario = await createScenario(deps(), {
        name: 's',
        automation_id: automation.id,
        inputs_template: { b: 'scenario', c: 'scenario' },
      });
      const run = await triggerRun(deps(), {
        scenario_id: scenario.id,
        inputs_override: { c: 'override' },
        trigger: 'api',
      });
      expect(run.inputs).toEqual({ a: 'automation', b: 'scenario', c: 'override' });
      expect(run.trigger).toBe('api');

      await updateScenario(deps(), scenario.id, { inputs_template: { b: 'changed later' } });
      expect((await getRun(deps(), run.id)).inputs).toEqual({
        a: 'automation',
        b: 'scenario',
        c: 'override',
      });
      const withoutOverride = await triggerRun(deps(), { scenario_id: scenario.id, inputs_override: null });
      expect(withoutOverride.inputs).toEqual({ a: 'automation', b: 'changed later', c: 'automation' });
    });

    it('answers NotFoundError naming scenario_id for an unknown scenario', async () => {
      for (const scenario_id of [7, 2 ** 31]) {
        const error = await rejectionAs(triggerRun(deps(), { scenario_id }), NotFoundError);
        expect(error.details).toEqual({ resource: 'scenario', id: scenario_id, field: 'scenario_id' });
      }
      expect((await listRuns(deps())).total).toBe(0);
    });

    it('refuses an override that is not an object, and an unknown trigger', async () => {
      const error = await rejectionAs(
        triggerRun(deps(), {
          scenario_id: 1,
          inputs_override: [1, 2] as unknown as Record<string, unknown>,
          trigger: 'cron' as 'api',
        }),
        ValidationError,
      );
      expect(error.details.map((d) => d.field)).toEqual(['inputs_override', 'trigger']);
    });
  });

  describe('getRun', () => {
    it('returns the run with its events ordered by seq', async () => {
      const automation = await seedAutomation(getDb());
      const scenario = await seedScenario(getDb(), automation.id);
      const run = await seedRun(getDb(), scenario.id, { status: 'completed', total_duration_ms: 12.25 });
      await insertRunEventsIdempotent(getDb().db, [
        { run_id: run.id, seq: 3, type: 'COMPLETE', at_ms: 12.25, payload: { status: 'COMPLETED' } },
        { run_id: run.id, seq: 1, type: 'STARTED', at_ms: 1.5 },
        { run_id: run.id, seq: 2, type: 'PROGRESS', at_ms: 6, payload: { purpose: 'click' } },
      ]);
      const found = await getRun(deps(), run.id);
      expect(found).toMatchObject({ id: run.id, status: 'completed', total_duration_ms: 12.25 });
      expect(found.events.map((e) => [e.seq, e.type, e.at_ms])).toEqual([
        [1, 'STARTED', 1.5],
        [2, 'PROGRESS', 6],
        [3, 'COMPLETE', 12.25],
      ]);
      expect(found.events[2]!.payload).toEqual({ status: 'COMPLETED' });
    });

    it('answers NotFoundError for an unknown run', async () => {
      const error = await rejectionAs(getRun(deps(), 5), NotFoundError);
      expect(error.details).toEqual({ resource: 'run', id: 5 });
    });
  });

  describe('listRuns', () => {
    /**
     * Two automations; scenario 1 and 2 under the first, 3 under the second. Runs are
     * created one minute apart from a fixed base time, so "newest first" is known.
     */
    async function seedRuns(handle: DatabaseHandle) {
      const a = await seedAutomation(handle, 'a');
      const b = await seedAutomation(handle, 'b');
      const s1 = await seedScenario(handle, a.id, 's1');
      const s2 = await seedScenario(handle, a.id, 's2');
      const s3 = await seedScenario(handle, b.id, 's3');
      const benchmark = await seedBenchmark(handle, s2.id);
      const base = Date.parse('2024-05-01T00:00:00Z');
      const minute = (n: number) => new Date(base + n * 60_000);
      const plan = [
        { scenario: s1, status: 'completed', at: 0 },
        { scenario: s1, status: 'failed', at: 1 },
        { scenario: s2, status: 'completed', at: 2, benchmark_id: benchmark.id },
        { scenario: s2, status: 'completed', at: 3, benchmark_id: benchmark.id },
        { scenario: s3, status: 'running', at: 4 },
        { scenario: s3, status: 'completed', at: 5 },
      ] as const;
      for (const step of plan) {
        await seedRun(handle, step.scenario.id, {
          status: step.status,
          created_at: minute(step.at),
          benchmark_id: 'benchmark_id' in step ? step.benchmark_id : null,
        });
      }
      return { a, b, s1, s2, s3, benchmark, minute };
    }

    it('lists newest first with the total, one page at a time', async () => {
      await seedRuns(getDb());
      const all = await listRuns(deps());
      expect(all.items.map((r) => r.id)).toEqual([6, 5, 4, 3, 2, 1]);
      expect(all.total).toBe(6);
      const page = await listRuns(deps(), { skip: 2, limit: 3 });
      expect(page.items.map((r) => r.id)).toEqual([4, 3, 2]);
      expect(page.total).toBe(6);
    });

    it('breaks ties on created_at by the newer id', async () => {
      const automation = await seedAutomation(getDb());
      const scenario = await seedScenario(getDb(), automation.id);
      const same = new Date('2024-01-01T00:00:00Z');
      for (let i = 0; i < 3; i++) await seedRun(getDb(), scenario.id, { created_at: same });
      expect((await listRuns(deps())).items.map((r) => r.id)).toEqual([3, 2, 1]);
    });

    it('filters by scenario, automation, benchmark and status, with matching totals', async () => {
      const { a, b, s1, benchmark } = await seedRuns(getDb());
      const ids = async (params: Parameters<typeof listRuns>[1]) => {
        const result = await listRuns(deps(), params);
        return { ids: result.items.map((r) => r.id), total: result.total };
      };
      expect(await ids({ scenario_id: s1.id })).toEqual({ ids: [2, 1], total: 2 });
      expect(await ids({ automation_id: a.id })).toEqual({ ids: [4, 3, 2, 1], total: 4 });
      expect(await ids({ automation_id: b.id })).toEqual({ ids: [6, 5], total: 2 });
      expect(await ids({ benchmark_id: benchmark.id })).toEqual({ ids: [4, 3], total: 2 });
      expect(await ids({ status: 'completed' })).toEqual({ ids: [6, 4, 3, 1], total: 4 });
      expect(await ids({ status: 'completed', automation_id: a.id, limit: 1 })).toEqual({
        ids: [4],
        total: 3,
      });
      expect(await ids({ scenario_id: 999 })).toEqual({ ids: [], total: 0 });
    });

    it('filters by creation time, from inclusive and to exclusive', async () => {
      const { minute } = await seedRuns(getDb());
      const result = await listRuns(deps(), { from: minute(1), to: minute(4) });
      expect(result.items.map((r) => r.id)).toEqual([4, 3, 2]);
      expect(result.total).toBe(3);
      expect((await listRuns(deps(), { from: minute(5) })).items.map((r) => r.id)).toEqual([6]);
      expect((await listRuns(deps(), { to: minute(1) })).items.map((r) => r.id)).toEqual([1]);
    });

    it('refuses filters PostgreSQL could not compare, naming each', async () => {
      const error = await rejectionAs(
        listRuns(deps(), {
          status: 'exploded' as 'failed',
          scenario_id: 2 ** 31,
          from: new Date('not a date'),
          to: new Date(Date.UTC(-5000, 0, 1)),
          limit: 0,
        }),
        ValidationError,
      );
      expect(error.details.map((d) => d.field).sort()).toEqual([
        'from',
        'limit',
        'scenario_id',
        'status',
        'to',
      ]);
    });
  });
});
