/**
 * When a run gives back its admission (a benchmark's concurrency slot): once its upstream
 * request has ended, before its outcome is stored and before the after-run hook, so the run
 * that replaces it need not wait for that bookkeeping (docs/performance.md, run engine
 * throughput).
 */
import type { Run } from '@tfbench/core/db';
import { ADMIT_EVERY_RUN } from '@tfbench/core/engine';
import { selectRunById } from '@tfbench/core/repositories';
import { describeEachDatabase } from '@tfbench/core/testing';
import { expect, it } from 'vitest';
import { eventually, seedReadmeScenario, startHarness, triggerAndDispatch, waitForRun } from './helpers.js';

describeEachDatabase('admission release', (getDb) => {
  it('releases the admission once the run has ended, before its outcome is stored and the after-run hook', async () => {
    const db = getDb();
    const order: string[] = [];
    let statusAtRelease: Run['status'] | undefined;
    let releases = 0;
    const harness = await startHarness(db, {
      features: {
        admission: {
          ...ADMIT_EVERY_RUN,
          admitRun: async (run) => ({
            admitted: true,
            release: async () => {
              releases++;
              if (releases > 1) return;
              order.push('released');
              statusAtRelease = (await selectRunById(db.db, run.id))?.status;
            },
          }),
        },
        afterRun: [
          async () => {
            order.push('after-run hook');
          },
        ],
      },
    });
    const scenarioId = await seedReadmeScenario(db);
    const run = await triggerAndDispatch(db, harness.engine, scenarioId);

    await eventually(() => order.length >= 2, 10_000, 'the release and the after-run hook');
    expect(order).toEqual(['released', 'after-run hook']);
    expect(statusAtRelease).toBe('running');
    expect((await waitForRun(db, run.id)).status).toBe('completed');
  });
});
