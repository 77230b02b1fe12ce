/**
 * The gate a benchmark run passes just before it starts: one slot of the cross-process
 * concurrency limiter (key `benchmark-<id>`, `concurrency` slots), held until the run's
 * upstream work has ended (its outcome is stored after that). For closed arrival the driver already keeps `concurrency` runs in flight, so the
 * slot is there at once; the limiter is the second, independent guarantee that holds even if
 * a run were dispatched twice. For open arrivals it is the cap itself: a run that cannot get a
 * slot within `max_lag_s` of its intended send time (or before duration_s ends) is dropped,
 * as an open-loop load generator drops arrivals it has no capacity for, and counted.
 */
import type { Benchmark, Run } from '../db/schema.js';
import type { Lease } from '../queue/index.js';
import { BENCHMARK_RUN_ERROR_CODES, endPendingRun } from '../repositories/benchmark-runs-end.js';
import { selectBenchmarkById } from '../repositories/benchmarks.js';
import { selectRunById } from '../repositories/runs.js';
import { advanceBenchmark } from './advance.js';
import type { BenchmarkDeps } from './deps.js';
import { readBenchmarkSettings } from './settings.js';

/** The run may start; call `release()` once it has ended upstream (idempotent, never throws). */
export interface Admitted {
  admitted: true;
  release(): Promise<void>;
  /**
   * Aborts if the slot's lease was lost (the process stalled past the lease time), after which
   * the cap is no longer guaranteed for this run. Never aborts for runs outside benchmarks.
   */
  signal: AbortSignal;
}

/** The run must not start: it was dropped (and ended by this call) or is no longer pending. */
export interface NotAdmitted {
  admitted: false;
  reason: 'dropped' | 'not_pending' | 'benchmark_over';
  /** For `dropped`: the message to store (the run is ended already unless it was claimed). */
  message?: string;
}

export type Admission = Admitted | NotAdmitted;

/**
 * True when admitting a run of this benchmark looks at nothing of the run's row: a running
 * closed-arrival benchmark, whose runs wait for a slot as long as it takes (no intended send
 * time, no deadline), so the engine may admit and claim them without reading them first.
 */
export function admissionIgnoresRunRow(benchmark: Pick<Benchmark, 'status' | 'settings'>): boolean {
  return benchmark.status === 'running' && readBenchmarkSettings(benchmark.settings).arrival === 'closed';
}

/**
 * True when the engine should claim a run of this benchmark first and admit it afterwards,
 * right before the send: a running open-arrival benchmark. Its runs reach a worker ahead of
 * their intended send time, so the claim's database round trip (which waits behind every other
 * statement of the process) is made during that lead instead of after the intended instant,
 * where it would delay the send.
 */
export function admissionAfterClaim(benchmark: Pick<Benchmark, 'status' | 'settings'>): boolean {
  return benchmark.status === 'running' && readBenchmarkSettings(benchmark.settings).arrival !== 'closed';
}

/** Why a dropped arrival was not sent, as stored on the run. */
export function droppedArrivalMessage(maxLagS: number | null): string {
  return `no concurrency slot within max_lag_s (${maxLagS ?? 0} s) of the intended send time, or before duration_s ended`;
}

/** Limiter key of a benchmark's slots. */
export function benchmarkSlotKey(benchmarkId: number): string {
  return `benchmark-${benchmarkId}`;
}

const NEVER_ABORTED = new AbortController().signal;
/**
 * An open-arrival run takes its concurrency slot this long before its intended send time: the
 * limiter is a round trip (to Redis at scale) that, taken after the timer, would delay every
 * send by its latency. The cap counts the run as in flight that much early.
 */
export const SLOT_LEAD_MS = 50;
/**
 * While its benchmark would hold at most half its concurrency with it, an open-arrival run
 * takes its slot this long before its intended send time instead (and only if the caller
 * allows: the engine, while its worker has handlers to spare). The main thread, which takes
 * the slot and then hands the run to the loop that sends it (the sender thread), pauses for
 * tens of milliseconds under load (its garbage collections, a burst of other runs' work), and
 * a pause that covers the slot lead makes the send late. An early slot counts the run as in
 * flight that much sooner, so it is taken only while the benchmark is far from its cap: the
 * other half stays for the runs due sooner, and a benchmark near its cap admits exactly as
 * the cap says, SLOT_LEAD_MS ahead.
 */
export const EARLY_SLOT_LEAD_MS = 250;
const FIRST_RETRY_MS = 5;
const MAX_RETRY_MS = 50;
/** While waiting for a slot, how often to check that the run is still pending (e.g. not cancelled). */
const STATUS_CHECK_MS = 1_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `at` (no wait when it is null or past); rejects when `signal` aborts first. */
async function sleepUntil(at: Date | null, signal: AbortSignal | undefined): Promise<void> {
  const ms = at === null ? 0 : at.getTime() - Date.now();
  if (ms <= 0) return;
  signal?.throwIfAborted();
  await new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Wait for a concurrency slot for `run`, or decide it must not start. Runs outside benchmarks
 * are admitted at once without any I/O. Call before the pending -> running claim.
 *
 * @example
 * const admission = await admitBenchmarkRun(deps, run, { signal });
 * if (!admission.admitted) return;
 * try { await execute(run); } finally { await admission.release(); }
 */
export async function admitBenchmarkRun(
  deps: BenchmarkDeps,
  run: Pick<Run, 'id' | 'benchmark_id' | 'is_warmup' | 'intended_start_at'>,
  options: {
    signal?: AbortSignal;
    /**
     * The run's benchmark as the caller read it a moment ago (the engine's cache of a running
     * benchmark's rows); read again unless it says `running`, the one status worth caching.
     */
    benchmark?: Benchmark | undefined;
    /**
     * The caller has claimed the run already (it is `running`, held by the caller): a drop is
     * reported, not stored (the holder stores the run's outcome), and cancels reach the wait
     * through `signal` rather than through the run's status.
     */
    claimed?: boolean;
    /** Asked right before an early slot is taken (see EARLY_SLOT_LEAD_MS); false: none. */
    mayTakeEarly?: () => boolean;
  } = {},
): Promise<Admission> {
  if (run.benchmark_id === null) return { admitted: true, release: async () => {}, signal: NEVER_ABORTED };
  const known = options.benchmark;
  const benchmark =
    known?.id === run.benchmark_id && known.status === 'running'
      ? known
      : await selectBenchmarkById(deps.db.db, run.benchmark_id);
  // Runs are dispatched only while their benchmark runs; after a cancel they must not start.
  if (benchmark?.status !== 'running') return { admitted: false, reason: 'benchmark_over' };
  const settings = readBenchmarkSettings(benchmark.settings);
  const startBy = latestStart(run, settings, benchmark.measurement_started_at);
  const key = benchmarkSlotKey(benchmark.id);
  // An open-arrival run arrives up to QUEUE_LEAD_MS early. Its slot is taken SLOT_LEAD_MS
  // (or EARLY_SLOT_LEAD_MS) before the send, so that the limiter's round trip is not part of
  // the schedule lag.
  const sendAt = run.intended_start_at;
  const earlyLease = sendAt === null ? null : await tryEarlySlot(deps, key, sendAt, settings, options);
  if (earlyLease) return admitted(earlyLease);
  await sleepUntil(sendAt === null ? null : new Date(sendAt.getTime() - SLOT_LEAD_MS), options.signal);
  let retryMs = FIRST_RETRY_MS;
  let nextStatusCheck = Date.now() + STATUS_CHECK_MS;
  for (;;) {
    options.signal?.throwIfAborted();
    if (startBy !== null && Date.now() > startBy) {
      if (options.claimed)
        return { admitted: false, reason: 'dropped', message: droppedArrivalMessage(settings.max_lag_s) };
      return drop(deps, run, benchmark.id, settings.max_lag_s);
    }
    const lease = await deps.limiter.tryAcquire(key, settings.concurrency);
    if (lease) {
      return admitted(lease);
    }
    if (!options.claimed && Date.now() >= nextStatusCheck) {
      nextStatusCheck = Date.now() + STATUS_CHECK_MS;
      const current = await selectRunById(deps.db.db, run.id);
      if (current?.status !== 'pending') return { admitted: false, reason: 'not_pending' };
    }
    await sleep(retryMs);
    retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
  }
}

/**
 * An open-arrival run's early slot (see EARLY_SLOT_LEAD_MS), taken once its instant is that
 * close; null when the benchmark holds half its slots or more (a cap of one has no half to
 * spare), when the caller says no (`mayTakeEarly`), or when the run came too late for it.
 */
async function tryEarlySlot(
  deps: BenchmarkDeps,
  key: string,
  sendAt: Date,
  settings: ReturnType<typeof readBenchmarkSettings>,
  options: { signal?: AbortSignal | undefined; mayTakeEarly?: () => boolean },
): Promise<Lease | null> {
  const spare = Math.floor(settings.concurrency / 2);
  if (settings.arrival === 'closed' || spare < 1) return null;
  await sleepUntil(new Date(sendAt.getTime() - EARLY_SLOT_LEAD_MS), options.signal);
  if (Date.now() >= sendAt.getTime() - SLOT_LEAD_MS) return null;
  if (options.mayTakeEarly && !options.mayTakeEarly()) return null;
  return deps.limiter.tryAcquire(key, spare);
}

/**
 * A slot taken ahead of the send instant: the provider waits for the instant itself
 * (ExecuteRequest.sendAt), on the loop that writes the request, and a stop before the send
 * is the provider's to see.
 */
function admitted(lease: Lease): Admitted {
  return {
    admitted: true,
    release: () => lease.release(),
    // Read through, so the lease makes its signal only if someone looks.
    get signal() {
      return lease.signal;
    },
  };
}

/**
 * The last moment an open-arrival measured run may start (epoch ms): its intended time plus
 * max_lag_s, and no later than the end of duration_s. Null (wait as long as it takes) for
 * closed arrival and warm-ups.
 */
function latestStart(
  run: Pick<Run, 'is_warmup' | 'intended_start_at'>,
  settings: ReturnType<typeof readBenchmarkSettings>,
  measurementStartedAt: Date | null,
): number | null {
  if (settings.arrival === 'closed' || run.is_warmup || !run.intended_start_at) return null;
  const byLag = run.intended_start_at.getTime() + (settings.max_lag_s ?? 0) * 1000;
  if (settings.duration_s === null || !measurementStartedAt) return byLag;
  return Math.min(byLag, measurementStartedAt.getTime() + settings.duration_s * 1000);
}

async function drop(
  deps: BenchmarkDeps,
  run: Pick<Run, 'id'>,
  benchmarkId: number,
  maxLagS: number | null,
): Promise<NotAdmitted> {
  const ended = await endPendingRun(deps.db.db, run.id, {
    error_code: BENCHMARK_RUN_ERROR_CODES.dropped,
    error: droppedArrivalMessage(maxLagS),
  });
  if (!ended) return { admitted: false, reason: 'not_pending' };
  await advanceBenchmark(deps, benchmarkId, 'run-finished');
  return { admitted: false, reason: 'dropped' };
}
