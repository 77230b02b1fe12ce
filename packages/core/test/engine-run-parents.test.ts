/**
 * The engine's cache of a run's parents: a benchmark's runs share one read for a moment, runs
 * outside benchmarks read fresh, and edits reach benchmark runs once the moment has passed.
 */
import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { scenarios } from '../src/db/schema.js';
import { RunParentsCache } from '../src/engine/run-parents.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { seedAutomation, seedBenchmark, seedScenario, sleep } from './seed.js';

describeEachDatabase('run parents cache', (getDb) => {
  async function fixture() {
    const automation = await seedAutomation(getDb());
    const scenario = await seedScenario(getDb(), automation.id);
    const benchmark = await seedBenchmark(getDb(), scenario.id);
    return { automation, scenario, benchmark };
  }

  const rename = (id: number, name: string) =>
    getDb().db.update(scenarios).set({ name, updated_at: sql`now()` }).where(eq(scenarios.id, id));

  it('gives a benchmark run its scenario, automation and benchmark, and reads them once per TTL', async () => {
    const { automation, scenario, benchmark } = await fixture();
    const cache = new RunParentsCache(getDb().db, 300);
    const run = { scenario_id: scenario.id, benchmark_id: benchmark.id };
    const first = await cache.of(run);
    expect(first?.scenario.id).toBe(scenario.id);
    expect(first?.automation.id).toBe(automation.id);
    expect(first?.benchmark?.id).toBe(benchmark.id);

    await rename(scenario.id, 'renamed during the benchmark');
    // Within the TTL every run of the benchmark gets the same rows, without a read.
    expect(await cache.of(run)).toBe(first);
    await sleep(350);
    expect((await cache.of(run))?.scenario.name).toBe('renamed during the benchmark');
  });

  it('reads fresh for runs outside benchmarks', async () => {
    const { scenario } = await fixture();
    const cache = new RunParentsCache(getDb().db, 60_000);
    const run = { scenario_id: scenario.id, benchmark_id: null };
    expect((await cache.of(run))?.benchmark).toBeUndefined();
    await rename(scenario.id, 'renamed at once');
    expect((await cache.of(run))?.scenario.name).toBe('renamed at once');
  });

  it('answers undefined for a scenario or benchmark that is gone, and does not keep a failed read', async () => {
    const { benchmark } = await fixture();
    expect(
      await new RunParentsCache(getDb().db).of({ scenario_id: 987_654, benchmark_id: null }),
    ).toBeUndefined();
    expect(await new RunParentsCache(getDb().db).ofBenchmark(987_654)).toBeUndefined();
    // The first read fails (the database is briefly unreachable): the next run must read
    // again instead of getting the failure for the whole TTL.
    let failNext = true;
    const flaky = new Proxy(getDb().db, {
      get(target, property, receiver) {
        if (property === 'select' && failNext) {
          failNext = false;
          return () => {
            throw new Error('connection refused');
          };
        }
        return Reflect.get(target, property, receiver);
      },
    });
    const cache = new RunParentsCache(flaky, 60_000);
    await expect(cache.ofBenchmark(benchmark.id)).rejects.toThrow('connection refused');
    expect((await cache.ofBenchmark(benchmark.id))?.benchmark?.id).toBe(benchmark.id);
  });
});
