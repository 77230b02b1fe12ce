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

  it('answers undefined for a scenario that is gone, and does not keep a failed read', async () => {
    const { benchmark } = await fixture();
    const cache = new RunParentsCache(getDb().db, 60_000);
    expect(await cache.of({ scenario_id: 987_654, benchmark_id: null })).toBeUndefined();
    // An id that overflows the column fails the read; the next call must read again, not
    // hand out the failure for the whole TTL.
    const bad = { scenario_id: 2 ** 40, benchmark_id: benchmark.id };
    await expect(cache.of(bad)).rejects.toThrow();
    await expect(cache.of(bad)).rejects.toThrow();
    const good = await cache.of({ scenario_id: benchmark.scenario_id, benchmark_id: benchmark.id });
    expect(good?.benchmark?.id).toBe(benchmark.id);
  });
});
