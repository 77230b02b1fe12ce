/**
 * Claims and upstream-identity writes batched across the runs of one process, on both
 * databases: every run claimed once, duplicates and finished runs refused, identities merged
 * per run with the first value winning.
 */
import { expect, it } from 'vitest';
import { BatchedRunWrites } from '../src/engine/batched-run-writes.js';
import { selectRunById } from '../src/repositories/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { seedAutomation, seedRun, seedScenario } from './seed.js';

describeEachDatabase('batched run writes', (getDb) => {
  async function pendingRuns(count: number, values: Parameters<typeof seedRun>[2] = {}) {
    const db = getDb();
    const scenario = await seedScenario(db, (await seedAutomation(db)).id);
    return Promise.all(Array.from({ length: count }, () => seedRun(db, scenario.id, values)));
  }

  it('claims runs asked for together, each for exactly one asker, and refuses the rest', async () => {
    const db = getDb();
    const runs = await pendingRuns(40);
    const done = await seedRun(db, runs[0]!.scenario_id, { status: 'completed' });
    const writes = new BatchedRunWrites(db.db, 'worker-a');
    const rival = new BatchedRunWrites(db.db, 'worker-b');
    // Every run asked for twice in this process and once by another one, all at once.
    const asks = runs.flatMap((run) => [
      writes.claim(run.id).then((claimed) => ({ run: run.id, by: claimed && 'a' })),
      writes.claim(run.id).then((claimed) => ({ run: run.id, by: claimed && 'a' })),
      rival.claim(run.id).then((claimed) => ({ run: run.id, by: claimed && 'b' })),
    ]);
    const answers = await Promise.all(asks);
    for (const run of runs) {
      const winners = answers.filter((a) => a.run === run.id && a.by);
      expect(winners, `run ${run.id}`).toHaveLength(1);
      const stored = await selectRunById(db.db, run.id);
      expect(stored).toMatchObject({
        status: 'running',
        executions: 1,
        worker_id: `worker-${winners[0]!.by}`,
      });
      expect(stored?.started_at).toBeInstanceOf(Date);
    }
    expect(await writes.claim(done.id)).toBeUndefined();
    expect((await selectRunById(db.db, done.id))?.status).toBe('completed');
  });

  it('stores identities learned in one batch together, first value winning, for running runs only', async () => {
    const db = getDb();
    const [a, b, c] = await pendingRuns(3, { status: 'running' });
    const finished = await seedRun(db, a!.scenario_id, { status: 'completed' });
    const writes = new BatchedRunWrites(db.db, 'worker-a');
    await Promise.all([
      writes.recordIdentity({ run_id: a!.id, tinyfish_run_id: 'tf-a' }),
      writes.recordIdentity({ run_id: a!.id, streaming_url: 'https://live/a' }),
      writes.recordIdentity({ run_id: b!.id, tinyfish_run_id: 'tf-b', streaming_url: 'https://live/b' }),
      writes.recordIdentity({ run_id: finished.id, tinyfish_run_id: 'tf-late' }),
    ]);
    // A later value for an identity already stored does not replace it.
    await writes.recordIdentity({
      run_id: b!.id,
      tinyfish_run_id: 'tf-other',
      streaming_url: 'https://live/other',
    });
    const stored = async (id: number) => {
      const run = await selectRunById(db.db, id);
      return { tinyfish_run_id: run?.tinyfish_run_id, streaming_url: run?.streaming_url };
    };
    expect(await stored(a!.id)).toEqual({ tinyfish_run_id: 'tf-a', streaming_url: 'https://live/a' });
    expect(await stored(b!.id)).toEqual({ tinyfish_run_id: 'tf-b', streaming_url: 'https://live/b' });
    expect(await stored(c!.id)).toEqual({ tinyfish_run_id: null, streaming_url: null });
    expect(await stored(finished.id)).toEqual({ tinyfish_run_id: null, streaming_url: null });
  });
});
