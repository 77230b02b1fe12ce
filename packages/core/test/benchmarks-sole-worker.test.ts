/** SoleWorkerCheck: alone while no other worker beats; not alone until it has read. */
import { expect, it } from 'vitest';
import { SoleWorkerCheck } from '../src/benchmarks/sole-worker.js';
import { upsertWorkerBeat } from '../src/repositories/workers.js';
import { describeEachDatabase } from '../src/testing/index.js';

describeEachDatabase('the sole-worker check', (getDb) => {
  it('answers alone with no worker or only itself, not alone once another beats, and not alone before its first read', async () => {
    const db = getDb();
    const check = new SoleWorkerCheck(db.db, 'a-host:1:aaaaaa', 30_000);
    // Nothing read yet: no guess.
    expect(check.isAlone()).toBe(false);
    expect(await check.refresh()).toBe(true);
    await upsertWorkerBeat(db.db, 'a-host:1:aaaaaa', 8);
    expect(await check.refresh()).toBe(true);
    await upsertWorkerBeat(db.db, 'b-host:2:bbbbbb', 8);
    expect(await check.refresh()).toBe(false);
    expect(check.isAlone()).toBe(false);
  });

  it('counts only workers that beat within the stale-after time', async () => {
    const db = getDb();
    await upsertWorkerBeat(db.db, 'a-host:1:aaaaaa', 8);
    await upsertWorkerBeat(db.db, 'b-host:2:bbbbbb', 8);
    // Seen from a minute later, both are silent (dead).
    const later = new SoleWorkerCheck(db.db, 'a-host:1:aaaaaa', 30_000, () => Date.now() + 60_000);
    expect(await later.refresh()).toBe(true);
  });
});
