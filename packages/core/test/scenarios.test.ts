import { ConflictError, NotFoundError, ValidationError } from '@tfbench/domain/errors';
import { expect, it } from 'vitest';
import { benchmarks, run_events, runs } from '../src/db/schema.js';
import {
  createScenario,
  deleteScenario,
  getScenario,
  listScenarios,
  updateScenario,
} from '../src/services/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import {
  rejectionAs,
  seedAutomation,
  seedBenchmark,
  seedEvents,
  seedRun,
  seedScenario,
  sleep,
} from './seed.js';

describeEachDatabase('scenario services', (getDb) => {
  const deps = () => ({ db: getDb() });

  it('creates the README example with defaults for what is left out', async () => {
    await seedAutomation(getDb());
    const created = await createScenario(deps(), {
      name: 'Simple Chat Benchmark',
      automation_id: 1,
      description: 'Test basic chat completion',
      inputs_template: { prompt: 'What is the capital of France?', max_tokens: 100 },
      run_settings: { interval_seconds: 300, concurrency: 1 },
    });
    expect(created).toMatchObject({
      id: 1,
      automation_id: 1,
      inputs_template: { prompt: 'What is the capital of France?', max_tokens: 100 },
      run_settings: { interval_seconds: 300, concurrency: 1 },
      thresholds: [],
      assertions: [],
      schedule_enabled: false,
      next_run_at: null,
    });
    expect(await getScenario(deps(), 1)).toEqual(created);
  });

  it('answers NotFoundError naming automation_id for an unknown automation', async () => {
    for (const automation_id of [42, 2 ** 40]) {
      const error = await rejectionAs(createScenario(deps(), { name: 's', automation_id }), NotFoundError);
      expect(error.details).toEqual({ resource: 'automation', id: automation_id, field: 'automation_id' });
    }
    expect((await listScenarios(deps())).total).toBe(0);
  });

  it('checks thresholds, assertions and the required fields', async () => {
    const error = await rejectionAs(
      createScenario(deps(), {
        automation_id: undefined as unknown as number,
        name: undefined as unknown as string,
        thresholds: ['p95 < 1', 7 as unknown as string],
        assertions: { not: 'an array' } as unknown as unknown[],
      }),
      ValidationError,
    );
    expect(error.details.map((d) => d.field)).toEqual([
      'name',
      'automation_id',
      'thresholds.0',
      'thresholds.1',
      'assertions',
    ]);
    expect(error.details[2]?.message).toMatch(/^expected "\(" after p95 at column 4/);
  });

  it('lists oldest first, filtered by automation, with the total', async () => {
    const a = await seedAutomation(getDb(), 'a');
    const b = await seedAutomation(getDb(), 'b');
    await seedScenario(getDb(), a.id, 's1');
    await seedScenario(getDb(), b.id, 's2');
    await seedScenario(getDb(), a.id, 's3');
    const all = await listScenarios(deps(), { skip: 0, limit: 2 });
    expect(all.items.map((s) => s.name)).toEqual(['s1', 's2']);
    expect(all.total).toBe(3);
    const ofA = await listScenarios(deps(), { automation_id: a.id });
    expect(ofA.items.map((s) => s.name)).toEqual(['s1', 's3']);
    expect(ofA.total).toBe(2);
  });

  it('updates only the fields given and refuses a move to an unknown automation', async () => {
    const a = await seedAutomation(getDb(), 'a');
    const b = await seedAutomation(getDb(), 'b');
    const created = await createScenario(deps(), {
      name: 'before',
      automation_id: a.id,
      inputs_template: { x: 1 },
      thresholds: ['p95(total_duration_ms) < 30000'],
    });
    await sleep(5);
    const updated = await updateScenario(deps(), created.id, { name: 'after', automation_id: b.id });
    expect(updated).toMatchObject({
      name: 'after',
      automation_id: b.id,
      inputs_template: { x: 1 },
      thresholds: ['p95(total_duration_ms) < 30000'],
    });
    expect(updated.updated_at.getTime()).toBeGreaterThan(created.updated_at.getTime());

    const error = await rejectionAs(
      updateScenario(deps(), created.id, { automation_id: 999 }),
      NotFoundError,
    );
    expect(error.details).toEqual({ resource: 'automation', id: 999, field: 'automation_id' });
    expect((await getScenario(deps(), created.id)).automation_id).toBe(b.id);

    const missing = await rejectionAs(updateScenario(deps(), 999, { name: 'x' }), NotFoundError);
    expect(missing.details).toEqual({ resource: 'scenario', id: 999 });
  });

  it('deletes a scenario without runs', async () => {
    const automation = await seedAutomation(getDb());
    const scenario = await seedScenario(getDb(), automation.id);
    const result = await deleteScenario(deps(), scenario.id);
    expect(result).toMatchObject({ scenario: { id: scenario.id }, deleted: { runs: 0, benchmarks: 0 } });
    await rejectionAs(getScenario(deps(), scenario.id), NotFoundError);
    await rejectionAs(deleteScenario(deps(), scenario.id), NotFoundError);
  });

  it('answers ConflictError while it has runs or benchmarks, and deletes nothing', async () => {
    const automation = await seedAutomation(getDb());
    const withRuns = await seedScenario(getDb(), automation.id);
    await seedRun(getDb(), withRuns.id);
    const withBenchmark = await seedScenario(getDb(), automation.id);
    await seedBenchmark(getDb(), withBenchmark.id);

    const runsError = await rejectionAs(deleteScenario(deps(), withRuns.id), ConflictError);
    expect(runsError).toMatchObject({ code: 'CONFLICT', httpStatus: 409 });
    expect(runsError.details).toEqual({ resource: 'scenario', id: withRuns.id, runs: 1, benchmarks: 0 });
    const benchmarkError = await rejectionAs(deleteScenario(deps(), withBenchmark.id), ConflictError);
    expect(benchmarkError.details).toMatchObject({ benchmarks: 1 });
    expect((await listScenarios(deps())).total).toBe(2);
  });

  it('with cascade deletes its runs, events and benchmarks only', async () => {
    const handle = getDb();
    const automation = await seedAutomation(handle);
    const doomed = await seedScenario(handle, automation.id, 'doomed');
    const kept = await seedScenario(handle, automation.id, 'kept');
    const benchmark = await seedBenchmark(handle, doomed.id);
    const doomedRun = await seedRun(handle, doomed.id, { benchmark_id: benchmark.id });
    await seedEvents(handle, doomedRun.id, 4);
    const keptRun = await seedRun(handle, kept.id);
    await seedEvents(handle, keptRun.id, 1);

    const result = await deleteScenario(deps(), doomed.id, { cascade: true });
    expect(result.deleted).toEqual({ scenarios: 0, runs: 1, benchmarks: 1 });
    const { db } = handle;
    expect((await db.select().from(runs)).map((r) => r.id)).toEqual([keptRun.id]);
    expect((await db.select().from(run_events)).map((e) => e.run_id)).toEqual([keptRun.id]);
    expect(await db.select().from(benchmarks)).toEqual([]);
    expect((await listScenarios(deps())).items.map((s) => s.name)).toEqual(['kept']);
  });
});
