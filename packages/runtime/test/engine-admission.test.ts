/**
 * When a run gives back its admission (a benchmark's concurrency slot): once its outcome is
 * stored, before the after-run hook, so the run that replaces it need not wait for the
 * hook's bookkeeping (docs/performance.md, run engine throughput).
 */
import type { Run } from '@tfbench/core/db';
import { ADMIT_EVERY_RUN } from '@tfbench/core/engine';
import { selectRunById } from '@tfbench/core/repositories';
import { describeEachDatabase } from '@tfbench/core/testing';
import { expect, it } from 'vitest';
import { eventually, seedReadmeScenario, startHarness, triggerAndDispatch } from './helpers.js';

describeEachDatabase('admission release', (getDb) => {
  it('releases the admission after the outcome is stored and before the after-run hook', async () => {
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
    await triggerAndDispatch(db, harness.engine, scenarioId);

    await eventually(() => order.length >= 2, 10_000, 'the release and the after-run hook');
    expect(order).toEqual(['released', 'after-run hook']);
    expect(statusAtRelease).toBe('completed');
  });
});
