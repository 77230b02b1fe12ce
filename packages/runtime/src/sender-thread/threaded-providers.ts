/**
 * The main thread's side of the sender thread: providers that execute their runs on the
 * thread (see thread-main.ts) and answer everything else from the main thread's own client.
 *
 * Only `execute` crosses: it is the one call whose timing is measured. `reconcile` and
 * `cancel` are untimed, and recovery needs them exactly when the thread may be restarting;
 * `metricsFromEvents` is synchronous. So the main thread keeps its clients for those.
 *
 * A thread that dies (a crash, an exit) fails the runs it had in flight with
 * SENDER_THREAD_EXITED (stored failed, as a network error would be), and a new thread is
 * started at once for later runs.
 */
import type { Worker } from 'node:worker_threads';
import {
  type ExecuteRequest,
  METRIC_DEFINITIONS_VERSION,
  type Provider,
  type RunOutcome,
  type UpstreamIdentity,
} from '@tfbench/domain/provider';
import { runError } from '@tfbench/provider-kit/errors';
import type { Logger } from '../logger.js';
import {
  epochMinusMonotonicMs,
  type FromThread,
  type RunReport,
  type SenderThreadSettings,
  type ToThread,
} from './protocol.js';
import { spawnSenderThread } from './spawn-thread.js';

/** The code a run in flight ends with when its thread died. */
export const SENDER_THREAD_EXITED = 'SENDER_THREAD_EXITED';
/** Loading the thread (tsx compiles the providers from source in development) takes a moment. */
const START_TIMEOUT_MS = 60_000;
/** Closing waits this long for the thread to end its runs and exit, then terminates it. */
const CLOSE_TIMEOUT_MS = 10_000;

export interface SenderThread {
  /** `local` as a provider whose runs execute on the thread (`local` answers the rest). */
  wrap(local: Provider): Provider;
  /** End the thread: runs still in flight are aborted there, then it exits. Idempotent. */
  close(): Promise<void>;
}

export interface SenderThreadOptions {
  /** Test seam: how the thread's Worker is started. */
  spawn?: (settings: SenderThreadSettings) => Worker;
}

/** One run in flight on the thread. */
interface Pending {
  request: ExecuteRequest;
  provider: Provider;
  resolve(outcome: RunOutcome): void;
  identity: UpstreamIdentity;
  /** onEvent / onUpstreamIdentity throws, reported in the outcome as a provider would. */
  warnings: string[];
  stopForwardingAbort(): void;
}

/** A started thread, ready for runs. */
interface Connection {
  worker: Worker;
  /** The thread's monotonic epoch scale minus the main thread's (see protocol.ts). */
  scaleOffsetMs: number;
  pending: Map<number, Pending>;
  /** Resolves when the thread has exited. */
  exited: Promise<void>;
}

/**
 * Start the sender thread and wait until its providers are open.
 *
 * @example
 * const thread = scope.adopt('sender thread', await openSenderThread(settings, logger), (t) => t.close());
 * const tinyfish = thread.wrap(localTinyFish);
 */
export async function openSenderThread(
  settings: SenderThreadSettings,
  logger: Logger,
  options: SenderThreadOptions = {},
): Promise<SenderThread> {
  const spawn = options.spawn ?? spawnSenderThread;
  let nextId = 1;
  let closing: Promise<void> | null = null;
  let current: Promise<Connection> | null = null;

  const connect = (): Promise<Connection> => {
    current ??= start().catch((error: unknown) => {
      current = null;
      throw error;
    });
    return current;
  };

  function start(): Promise<Connection> {
    const worker = spawn(settings);
    const pending = new Map<number, Pending>();
    let connection: Connection | null = null;
    let resolveExited: () => void = () => {};
    const exited = new Promise<void>((resolve) => {
      resolveExited = resolve;
    });
    return new Promise<Connection>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`the sender thread did not start within ${START_TIMEOUT_MS} ms`));
        void worker.terminate();
      }, START_TIMEOUT_MS);
      let lastError: unknown = null;
      worker.on('error', (error) => {
        lastError = error;
        if (connection === null) return;
        logger.error({ err: error }, 'the sender thread crashed');
      });
      worker.on('exit', (code) => {
        clearTimeout(timer);
        resolveExited();
        if (connection === null) {
          const why = lastError instanceof Error ? lastError.message : `exit code ${code}`;
          reject(new Error(`the sender thread failed to start: ${why}`));
          return;
        }
        const message =
          closing === null
            ? `the sender thread exited (code ${code}) while the run was in flight; the upstream run may continue`
            : 'the sender thread closed while the run was in flight; the upstream run may continue';
        for (const run of pending.values()) finish(run, lostOutcome(run, message));
        const lost = pending.size;
        pending.clear();
        if (closing !== null) return;
        current = null;
        logger.error({ exit_code: code, runs_failed: lost }, 'the sender thread exited; starting a new one');
        connect().catch((error: unknown) =>
          logger.error({ err: error }, 'restarting the sender thread failed'),
        );
      });
      worker.on('message', (message: FromThread) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          connection = {
            worker,
            scaleOffsetMs: message.epochMinusMonotonicMs - epochMinusMonotonicMs(),
            pending,
            exited,
          };
          // Kept alive by its runs in flight only: an idle thread never holds the process open.
          worker.unref();
          resolve(connection);
          return;
        }
        if (message.type === 'log') {
          relayLog(logger, message.line);
          return;
        }
        if (message.type === 'closed' || connection === null) return;
        for (const report of message.reports) onReport(connection, report);
      });
    });
  }

  function onReport(connection: Connection, message: RunReport): void {
    const run = connection.pending.get(message.id);
    if (run === undefined) return;
    switch (message.type) {
      case 'event':
        try {
          run.request.onEvent?.(message.event);
        } catch (error) {
          warn(
            run,
            `onEvent threw on event ${message.event.seq} (${message.event.type}): ${errorText(error)}`,
          );
        }
        return;
      case 'identity':
        run.identity = { ...run.identity, ...message.identity };
        try {
          run.request.onUpstreamIdentity?.(message.identity);
        } catch (error) {
          warn(run, `onUpstreamIdentity threw: ${errorText(error)}`);
        }
        return;
      case 'outcome': {
        forget(connection, message.id);
        const { outcome } = message;
        const t0 = outcome.t0_epoch_ms === null ? null : outcome.t0_epoch_ms - connection.scaleOffsetMs;
        finish(run, { ...outcome, t0_epoch_ms: t0, warnings: [...outcome.warnings, ...run.warnings] });
        return;
      }
      case 'rejected':
        forget(connection, message.id);
        finish(run, lostOutcome(run, `the provider failed on the sender thread: ${message.message}`));
        return;
    }
  }

  function forget(connection: Connection, id: number): void {
    connection.pending.delete(id);
    if (connection.pending.size === 0) connection.worker.unref();
  }

  async function execute(provider: Provider, request: ExecuteRequest): Promise<RunOutcome> {
    let connection: Connection;
    try {
      if (closing !== null) throw new Error('the sender thread is closed');
      connection = await connect();
    } catch (error) {
      return lostOutcome(
        { provider, request, identity: {}, warnings: [] },
        `no sender thread: ${errorText(error)}`,
      );
    }
    const { signal, onEvent: _onEvent, onUpstreamIdentity: _onIdentity, ...plain } = request;
    const id = nextId++;
    const post = (message: ToThread): void => connection.worker.postMessage(message);
    return new Promise<RunOutcome>((resolve) => {
      const onAbort = (): void => post({ type: 'abort', id });
      const run: Pending = {
        request,
        provider,
        resolve,
        identity: {},
        warnings: [],
        stopForwardingAbort: () => signal?.removeEventListener('abort', onAbort),
      };
      connection.pending.set(id, run);
      connection.worker.ref();
      post({ type: 'execute', id, provider: provider.id, request: plain });
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  async function close(): Promise<void> {
    const connection = await current?.catch(() => null);
    if (!connection) return;
    connection.worker.ref();
    connection.worker.postMessage({ type: 'close' } satisfies ToThread);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      connection.exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), CLOSE_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      logger.warn({ timeout_ms: CLOSE_TIMEOUT_MS }, 'the sender thread did not exit in time; terminating it');
      await connection.worker.terminate();
    }
  }

  await connect();
  return {
    wrap: (local) => ({
      id: local.id,
      modes: local.modes,
      execute: (request) => execute(local, request),
      reconcile: (upstreamRunId, request) => local.reconcile(upstreamRunId, request),
      cancel: (upstreamRunId, request) => local.cancel(upstreamRunId, request),
      ...(local.metricsFromEvents ? { metricsFromEvents: local.metricsFromEvents.bind(local) } : {}),
      close: () => local.close(),
    }),
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}

/** Write a line of the thread's logger with the main one, at its level, marked as the thread's. */
function relayLog(logger: Logger, line: string): void {
  const { level, msg, time: _time, pid: _pid, hostname: _host, name: _name, ...fields } = JSON.parse(line);
  const label = logger.levels.labels[level] ?? 'info';
  logger[label as 'info']({ ...fields, thread: 'sender' }, msg);
}

function finish(run: Pending, outcome: RunOutcome): void {
  run.stopForwardingAbort();
  run.resolve(outcome);
}

function warn(run: Pending, message: string): void {
  if (run.warnings.length < 20) run.warnings.push(message);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A run whose outcome the thread never delivered. What it sent is unknown here (no t0, no
 * figures); the upstream identity it reported is kept, so the run can be found upstream.
 */
function lostOutcome(
  run: Pick<Pending, 'provider' | 'request' | 'identity' | 'warnings'>,
  message: string,
): RunOutcome {
  return {
    status: 'failed',
    error: runError(SENDER_THREAD_EXITED, message),
    provider: run.provider.id,
    mode: run.request.settings?.mode ?? run.provider.modes[0] ?? 'default',
    metric_definitions: METRIC_DEFINITIONS_VERSION,
    metrics: {
      total_duration_ms: 0,
      time_to_headers_ms: null,
      time_to_started_ms: null,
      time_to_streaming_url_ms: null,
      ttft_ms: null,
      inter_token_stats: null,
      steps: null,
      heartbeats: null,
      server_duration_ms: null,
      num_of_steps: null,
      retry_wait_ms: 0,
      event_loop_delay_ms: null,
      provider_metrics: {},
    },
    t0_epoch_ms: null,
    upstream_run_id: run.identity.upstream_run_id ?? null,
    cost_usd: null,
    upstream_status: null,
    streaming_url: run.identity.streaming_url ?? null,
    result: null,
    response_json: null,
    attempts: [],
    event_count: 0,
    upstream_cancel: null,
    reconciled: false,
    warnings: run.warnings,
  };
}
