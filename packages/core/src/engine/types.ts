/**
 * What the run engine works with. One `EngineContext` is built per process by `createEngine`
 * and handed to every engine function; nothing in the engine opens a connection of its own.
 */
import type { Provider, UpstreamCredentials } from '@tfbench/domain/provider';
import type { Automation, DatabaseHandle, Run } from '../db/index.js';
import type { EventBus } from '../events/index.js';
import type { ConcurrencyLimiter, JobQueue, Logger } from '../queue/index.js';
import type { ActiveRuns } from './active-runs.js';
import type { BatchedRunWrites } from './batched-run-writes.js';
import type { EnqueueRun } from './enqueue-run.js';
import type { RunParentsCache } from './run-parents.js';

/** Providers by the id stored in `automations.provider`. */
export type ProviderRegistry = Readonly<Record<string, Provider>>;

/** Timings and identity of this engine instance. All durations in milliseconds. */
export interface EngineSettings {
  /** This process, as stored in `runs.worker_id` (host:pid:random). */
  workerId: string;
  /** How often the holder of a run bumps its `heartbeat_at`. */
  heartbeatIntervalMs: number;
  /** A running run whose heartbeat is older than this has lost its holder and is recovered. */
  staleAfterMs: number;
  /** How often a worker checks the runs it holds for a cancel request from another process. */
  cancelPollIntervalMs: number;
  /** How often the reconciler looks for pending runs without a live job and orphaned running runs. */
  reconcileIntervalMs: number;
  /** Pending runs younger than this are left alone by the reconciler (their enqueue is under way). */
  reconcileMinAgeMs: number;
}

/** Everything an engine function needs. */
export interface EngineContext {
  db: DatabaseHandle;
  queue: JobQueue;
  bus: EventBus;
  providers: ProviderRegistry;
  /** The cross-process concurrency limiter (benchmarks keep their cap with it). */
  limiter: ConcurrencyLimiter;
  logger: Logger;
  settings: EngineSettings;
  /** The runs this process is executing right now. */
  activeRuns: ActiveRuns;
  /** A run's scenario, automation and benchmark (cached briefly for benchmark runs). */
  parents: RunParentsCache;
  /** Claims and upstream-identity writes, batched across this process's runs. */
  runWrites: BatchedRunWrites;
  /** The one way runs reach the queue (see enqueue-run.ts). */
  enqueueRun: EnqueueRun;
  /**
   * Asked before a pending run is claimed (see features.ts): a benchmark run may have to
   * wait for a concurrency slot, or be dropped. Hold the admission until the run has ended upstream.
   */
  admitRun: (
    run: AdmissionSubject,
    signal: AbortSignal | undefined,
    options?: AdmitRunOptions,
  ) => Promise<RunAdmission>;
  /**
   * True when runs of this benchmark are claimed first and admitted afterwards, just before
   * the send (open arrivals: the claim is made during the queue lead, off the send path).
   */
  admitsAfterClaim: (benchmarkId: number) => Promise<boolean>;
  /**
   * True when admitting a run of this benchmark (null: outside benchmarks) needs nothing of
   * the run's row, so a job that names its benchmark can be admitted and claimed at once.
   */
  admitsWithoutRow: (benchmarkId: number | null) => Promise<boolean>;
  /**
   * Called after every terminal transition of a run, and again for re-delivered finished runs.
   * Idempotent. With `canTakeNext` it may resolve early with a run to execute next (see
   * AfterRunHook), the hooks still running in `rest`.
   */
  afterRunFinished: (run: Run, context: AfterRunContext) => Promise<AfterRunResult>;
  /**
   * Asked when a run's upstream request has ended, before its outcome is stored, by an
   * execution that can take a run next: it may hand over at once the run that replaces this
   * one (a closed benchmark's), `rest` being the work that handing it over started. `stored`
   * settles once the outcome has committed or storing it has failed for good.
   */
  runEnded: (run: Run, stored: Promise<unknown>) => Promise<AfterRunResult>;
  /**
   * The automation's decrypted credentials for its provider's request (undefined: none). Throws
   * CredentialsUnavailableError when they cannot be opened (no key, wrong key, tampered).
   */
  credentialsOf: (automation: Automation) => UpstreamCredentials | undefined;
}

/** What admission looks at: the run's id and benchmark, and for open arrivals its schedule. */
export type AdmissionSubject = Pick<Run, 'id' | 'benchmark_id' | 'is_warmup' | 'intended_start_at'>;

/** How `admitRun` is asked. */
export interface AdmitRunOptions {
  /** The caller claimed the run already: a drop is reported for the caller to store. */
  claimed?: boolean;
  /**
   * Asked right before an open arrival takes an early slot (see EARLY_SLOT_LEAD_MS): false
   * keeps the run to the last moment's. The engine's answer: its worker has handlers to spare
   * (JobContext.hasSpareHandlers). Early slots are allowed when it is left out.
   */
  mayTakeEarly?: () => boolean;
}

/** The answer to `admitRun`. */
export type RunAdmission =
  | {
      admitted: true;
      /** Called once the run has ended upstream, before `release` and its outcome's write (optional). */
      ending?(): void;
      release(): Promise<void>;
    }
  | {
      admitted: false;
      /**
       * Set when the run was claimed and must be ended by its holder: the code and message to
       * store it with (cancelled).
       */
      refusal?: { code: string; message: string };
    };

/** What `executeRun` or `recoverRun` did with a job. */
export type ExecuteRunResult =
  /**
   * This call brought the run to a terminal status. `next`: a run handed over to the caller
   * (only when it asked, ExecuteRunOptions.takeNext), with the after-run hooks still running
   * in `afterRun`.
   */
  | { kind: 'finished'; run: Run; next?: HandedOverRun; afterRun?: Promise<void> }
  /**
   * The run ended upstream and the caller was handed the run that replaces it (`next`, see
   * EngineContext.runEnded) before this one's outcome was stored: storing it and the after-run
   * hooks go on in `afterRun`, which never rejects (a write that fails for good is logged and
   * the run is left running for the reconciler, as if this process had died).
   */
  | { kind: 'ended'; next: HandedOverRun; afterRun: Promise<void> }
  /** Nothing to do: the run is missing, already terminal, or another process finished it first. */
  | { kind: 'skipped'; status: Run['status'] | 'missing' };

/**
 * A run handed to the execution whose run just ended, to execute next in its place: a closed
 * benchmark's step dispatched it because that run ended, and the job that executed the ended
 * run executes it too, instead of a round trip through the queue (see run-chain.ts).
 */
export interface HandedOverRun {
  run_id: number;
  benchmark_id: number | null;
  /**
   * The run's row when the step that dispatched it also claimed it for this worker (running):
   * the execution starts without a claim of its own.
   */
  claimed?: Run | undefined;
}

/** How an after-run hook is called. */
export interface AfterRunContext {
  /**
   * The caller can execute a handed-over run next (the run.execute job does, while it is not
   * stopping); recoveries, cancels and re-delivered finished runs cannot.
   */
  canTakeNext: boolean;
}

/** What the after-run hooks of a run left: a run to execute next, and the hooks still running. */
export interface AfterRunResult {
  next: HandedOverRun | undefined;
  /** Settles when every hook is done (never rejects: failures are logged). */
  rest: Promise<void>;
}
