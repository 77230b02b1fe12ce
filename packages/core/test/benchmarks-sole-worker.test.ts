/** SoleWorkerCheck: alone while it is the only worker that beats; not alone before it has read. */
import { expect, it } from 'vitest';
import { SoleWorkerCheck } from '../src/benchmarks/sole-worker.js';
import { upsertWorkerBeat } from '../src/repositories/workers.js';
import { describeEachDatabase } from '../src/testing/index.js';

describeEachDatabase('the sole-worker check', (getDb) => {
  it('answers alone only while it is the one live worker, and not alone before its first read', async () => {
    const db = getDb();
    const check = new SoleWorkerCheck(db.db, 'a-host:1:aaaaaa', 30_000);
    // Nothing read yet: no guess.
    expect(check.isAlone()).toBe(false);
    // Not registered itself: not a worker others could share with, so no hand-over either.
    expect(await check.refresh()).toBe(false);
    await upsertWorkerBeat(db.db, 'a-host:1:aaaaaa', 8);
    expect(await check.refresh()).toBe(true);
    expect(check.isAlone()).toBe(true);
    await upsertWorkerBeat(db.db, 'b-host:2:bbbbbb', 8);
    expect(await check.refresh()).toBe(false);
    expect(check.isAlone()).toBe(false);
  });

  it('counts a worker as live only within the stale-after time of its beat', async () => {
    const db = getDb();
    await upsertWorkerBeat(db.db, 'a-host:1:aaaaaa', 8);
    await upsertWorkerBeat(db.db, 'b-host:2:bbbbbb', 8);
    expect(await new SoleWorkerCheck(db.db, 'a-host:1:aaaaaa', 30_000).refresh()).toBe(false);
    // Seen from a minute later, both are silent (dead): not alone either, it is not live itself.
    const later = new SoleWorkerCheck(db.db, 'a-host:1:aaaaaa', 30_000, () => Date.now() + 60_000);
    expect(await later.refresh()).toBe(false);
  });
});
