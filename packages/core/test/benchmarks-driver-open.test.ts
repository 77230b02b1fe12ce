import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import {
  admitBenchmarkRun,
  arrivalOffsetsMs,
  BENCHMARK_RUN_ERROR_CODES,
  benchmarkSlotKey,
  EARLY_SLOT_LEAD_MS,
  getBenchmark,
  SCHEDULE_LEAD_MS,
  SLOT_LEAD_MS,
} from '../src/benchmarks/index.js';
import { queryRows } from '../src/db/rows.js';
import { QUEUE_LEAD_MS, queueDelayFor } from '../src/engine/queue-lead.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { useDriverHarness } from './benchmarks-driver-fixtures.js';
import { sleep } from './seed.js';

describeEachDatabase('benchmark driver, open arrivals', (getDb) => {
  const h = useDriverHarness(getDb);
  const { deps, runsOf, inFlight, finish, createAndDrive } = h;

  /** A benchmark of open arrivals at a constant rate, created and driven once. */
  const driveConstantArrivals = (settings: Omit<Parameters<typeof createAndDrive>[0], 'arrival'>) =>
    createAndDrive({ arrival: 'constant', ...settings });

  /** A benchmark of one open arrival a second from now, and its one (pending) run. */
  async function singleOpenRun() {
    const openId = await driveConstantArrivals({ iterations: 1, concurrency: 1, rate_per_s: 1 });
    const [run] = await runsOf(openId);
    return { openId, run: run! };
  }

  it('open arrival: intended send times follow the seeded schedule from the measured start', async () => {
    for (const arrival of ['constant', 'poisson'] as const) {
      const id = await createAndDrive({
        iterations: 8,
        concurrency: 8,
        arrival,
        rate_per_s: 10,
        warmup_runs: 1,
        seed: 1234,
      });
      // Warm-up first, closed style; the schedule starts when it has ended.
      expect(await inFlight(id)).toHaveLength(1);
      const warmup = (await runsOf(id))[0]!;
      expect(warmup.intended_start_at).toBeNull();
      const before = Date.now();
      await finish(warmup.id);
      const benchmark = await getBenchmark(deps, id);
      const start = benchmark.measurement_started_at!;
      // The schedule starts a short lead after the decision, on the database clock.
      expect(start.getTime()).toBeGreaterThanOrEqual(before + SCHEDULE_LEAD_MS - 50);
      expect(start.getTime()).toBeLessThan(Date.now() + SCHEDULE_LEAD_MS + 50);
      const expected = arrivalOffsetsMs({ arrival, rate_per_s: 10, count: 8, seed: 1234 });
      const measured = (await runsOf(id)).filter((r) => !r.is_warmup);
      const offsets = measured.map((r) => r.intended_start_at!.getTime() - start.getTime());
      // Rounded to the millisecond, so what is stored is what a Date reads back.
      for (const [i, offset] of offsets.entries())
        expect(Math.abs(offset - expected[i]!)).toBeLessThanOrEqual(0.5);
      const [fractions] = await queryRows<{ n: number }>(
        deps.db.db,
        sql`select count(*)::int as n from runs where benchmark_id = ${id} and intended_start_at is not null
            and extract(microseconds from intended_start_at)::int % 1000 <> 0`,
      );
      expect(fractions?.n).toBe(0);
      // All within the dispatch window of 5 s, so all handed to the queue as delayed jobs.
      expect(measured.every((r) => r.dispatched_at !== null)).toBe(true);
    }
  });

  it('open arrival hands out only the next few seconds of the schedule and asks to be driven again', async () => {
    const id = await driveConstantArrivals({ iterations: 12, concurrency: 2, rate_per_s: 1 });
    const measured = await runsOf(id);
    // Offsets 0..11 s from start; the window covers intended times before now + 5 s.
    const dispatched = measured.filter((r) => r.dispatched_at !== null).length;
    expect(dispatched).toBeGreaterThanOrEqual(4);
    expect(dispatched).toBeLessThanOrEqual(6);
    // Every arrival lies ahead (the schedule starts after a short lead). Jobs are due
    // QUEUE_LEAD_MS before their send time, so only the first (within that lead) waits now.
    const counts = await deps.queue.counts('run.execute');
    expect(counts.waiting + counts.delayed).toBe(dispatched);
    expect(counts.delayed).toBeGreaterThanOrEqual(dispatched - 1);
    expect((await deps.queue.counts('benchmark.drive')).delayed).toBe(1);
  });

  it('open arrival with duration_s cancels the arrivals that fall after it', async () => {
    const id = await driveConstantArrivals({
      iterations: 10,
      concurrency: 10,
      rate_per_s: 10,
      duration_s: 0.35,
    });
    const all = await runsOf(id);
    expect(all.map((r) => r.status)).toEqual([...Array(4).fill('pending'), ...Array(6).fill('cancelled')]);
    expect(all.slice(4).every((r) => r.error_code === BENCHMARK_RUN_ERROR_CODES.durationElapsed)).toBe(true);
  });

  it('admission: a closed run waits for a free slot; an open run without one in time is dropped', async () => {
    const closedId = await createAndDrive({ iterations: 2, concurrency: 1 });
    const [first, second] = await runsOf(closedId);
    const admitted = await admitBenchmarkRun(deps, first!);
    expect(admitted.admitted).toBe(true);
    expect(await deps.limiter.inFlight(benchmarkSlotKey(closedId))).toBe(1);
    let secondAdmitted = false;
    const waiting = admitBenchmarkRun(deps, second!).then((admission) => {
      secondAdmitted = admission.admitted;
      return admission;
    });
    await sleep(100);
    expect(secondAdmitted).toBe(false);
    if (admitted.admitted) await admitted.release();
    const later = await waiting;
    expect(later.admitted).toBe(true);
    if (later.admitted) await later.release();

    const openId = await driveConstantArrivals({
      iterations: 3,
      concurrency: 1,
      rate_per_s: 100,
      max_lag_s: 0.1,
    });
    const [a, b] = await runsOf(openId);
    const holding = await admitBenchmarkRun(deps, a!);
    expect(holding.admitted).toBe(true);
    // The only slot is taken and b's intended time + 100 ms passes: b is dropped and ended.
    expect(await admitBenchmarkRun(deps, b!)).toEqual({ admitted: false, reason: 'dropped' });
    const dropped = (await runsOf(openId))[1]!;
    expect(dropped).toMatchObject({ status: 'cancelled', error_code: BENCHMARK_RUN_ERROR_CODES.dropped });
    if (holding.admitted) await holding.release();
    // Runs outside benchmarks pass without any I/O.
    expect((await admitBenchmarkRun(deps, { ...a!, benchmark_id: null })).admitted).toBe(true);
  });

  /** Admits `run` as sent at `sendAt`, noting when and under which limit the slot was taken. */
  async function admitNoting(run: Awaited<ReturnType<typeof runsOf>>[number], sendAt: number) {
    const taken: { at: number; limit: number }[] = [];
    const limiter: typeof deps.limiter = Object.create(deps.limiter);
    limiter.tryAcquire = async (key, limit, options) => {
      const lease = await deps.limiter.tryAcquire(key, limit, options);
      if (lease) taken.push({ at: Date.now(), limit });
      return lease;
    };
    const admission = await admitBenchmarkRun(
      { ...deps, limiter },
      { ...run, intended_start_at: new Date(sendAt) },
      { claimed: true },
    );
    expect(admission.admitted).toBe(true);
    expect(taken).toHaveLength(1);
    return { admission, taken: taken[0]! };
  }

  it('admission: an open run takes its slot just before its send and returns then, leaving the instant to the provider', async () => {
    const { openId, run } = await singleOpenRun();
    const key = benchmarkSlotKey(openId);
    const sendAt = Date.now() + 500;
    const { admission, taken } = await admitNoting(run, sendAt);
    // Taken within the slot lead of the send, never earlier (timers fire at most a tick early),
    // and admission does not sleep on to the instant: the provider waits for it (sendAt). A
    // cap of one has no spare half for an early slot.
    expect(taken.at).toBeGreaterThanOrEqual(sendAt - SLOT_LEAD_MS - 2);
    expect(taken.limit).toBe(1);
    expect(Date.now()).toBeLessThan(sendAt);
    expect(await deps.limiter.inFlight(key)).toBe(1);
    if (admission.admitted) await admission.release();
    expect(await deps.limiter.inFlight(key)).toBe(0);
  });

  it('admission: far from its cap, an open run takes its slot early, from the spare half of the cap', async () => {
    const openId = await driveConstantArrivals({ iterations: 2, concurrency: 4, rate_per_s: 1 });
    const [run] = await runsOf(openId);
    const sendAt = Date.now() + 600;
    const { admission, taken } = await admitNoting(run!, sendAt);
    // The early lead, not the last moment's, and within the half of the cap kept for it.
    expect(taken.at).toBeGreaterThanOrEqual(sendAt - EARLY_SLOT_LEAD_MS - 2);
    expect(taken.at).toBeLessThan(sendAt - SLOT_LEAD_MS);
    expect(taken.limit).toBe(2);
    expect(await deps.limiter.inFlight(benchmarkSlotKey(openId))).toBe(1);
    if (admission.admitted) await admission.release();
  });

  it('admission: a benchmark holding half its slots or more admits at the last moment, against its whole cap', async () => {
    const openId = await driveConstantArrivals({ iterations: 2, concurrency: 4, rate_per_s: 1 });
    const [run] = await runsOf(openId);
    const key = benchmarkSlotKey(openId);
    const held = [await deps.limiter.tryAcquire(key, 4), await deps.limiter.tryAcquire(key, 4)];
    const sendAt = Date.now() + 600;
    const { admission, taken } = await admitNoting(run!, sendAt);
    expect(taken.at).toBeGreaterThanOrEqual(sendAt - SLOT_LEAD_MS - 2);
    expect(taken.limit).toBe(4);
    expect(await deps.limiter.inFlight(key)).toBe(3);
    if (admission.admitted) await admission.release();
    for (const lease of held) await lease?.release();
  });

  it('admission: a run that comes inside the early lead takes its slot at the last moment', async () => {
    const openId = await driveConstantArrivals({ iterations: 2, concurrency: 4, rate_per_s: 1 });
    const [run] = await runsOf(openId);
    // Already inside the slot lead: no early slot, and no wait.
    const sendAt = Date.now() + SLOT_LEAD_MS / 2;
    const { admission, taken } = await admitNoting(run!, sendAt);
    expect(taken.limit).toBe(4);
    if (admission.admitted) await admission.release();
  });

  it('admission: an open run that reaches the worker early is admitted within the slot lead of its send time, not before', async () => {
    const { run } = await singleOpenRun();
    const intended = run.intended_start_at!.getTime();
    // Handed to a worker QUEUE_LEAD_MS ahead of its time, as the queue delay makes it.
    expect(queueDelayFor(intended, intended - 1_000)).toBe(1_000 - QUEUE_LEAD_MS);
    expect(queueDelayFor(null, intended)).toBe(0);
    const early = { ...run, intended_start_at: new Date(Date.now() + 300) };
    const asked = Date.now();
    const admission = await admitBenchmarkRun(deps, early);
    expect(admission.admitted).toBe(true);
    expect(Date.now()).toBeGreaterThanOrEqual(early.intended_start_at.getTime() - SLOT_LEAD_MS - 2);
    expect(Date.now() - asked).toBeGreaterThanOrEqual(300 - SLOT_LEAD_MS - 2);
    if (admission.admitted) await admission.release();
    // A cancelled wait ends at once.
    const controller = new AbortController();
    const waiting = admitBenchmarkRun(
      deps,
      { ...early, intended_start_at: new Date(Date.now() + 60_000) },
      {
        signal: controller.signal,
      },
    );
    controller.abort(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
  });
});
