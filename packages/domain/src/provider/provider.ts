import type { RunSettings } from './settings.js';
import type {
  CancelResult,
  ReconcileResult,
  RunMetrics,
  RunOutcome,
  TimedEvent,
  UpstreamIdentity,
} from './types.js';

/**
 * An automation's upstream credentials, decrypted by the engine for this one request. A
 * provider sends them and forgets them: never into events, results, errors or logs.
 */
export interface UpstreamCredentials {
  /** Replaces the provider's server-wide key, if it has one. */
  api_key?: string;
  /** Extra request headers, by lower-cased name. */
  headers?: Record<string, string>;
}

/** One run to execute. */
export interface ExecuteRequest {
  /**
   * The resolved inputs (automation defaults, scenario template and overrides merged). The
   * provider decides which keys it sends; the engine keeps all of them as the run's snapshot.
   */
  inputs: Record<string, unknown>;
  /**
   * The automation's provider config (e.g. a `base_url`), valid by the provider's own config
   * schema; omitted: the provider's defaults.
   */
  config?: Record<string, unknown>;
  /** Mode, timeouts, retry policy; omitted fields take {@link DEFAULT_RUN_SETTINGS}. */
  settings?: RunSettings;
  /** The automation's own credentials, when it has any; never part of the run's stored snapshot. */
  credentials?: UpstreamCredentials;
  /**
   * The run's send instant (epoch ms, wall clock): the request is written no earlier, and as
   * soon after as the provider's event loop allows. Its time budget starts then. Omitted or
   * past: at once. An abort while waiting ends the run `cancelled` with nothing sent.
   */
  sendAt?: number;
  /** Aborting ends the run with status `cancelled` and cancels it upstream when possible. */
  signal?: AbortSignal;
  /**
   * Called synchronously for every event, in order, as soon as it is stamped and parsed.
   * Keep it cheap (hand the event to a buffer or a queue): it runs on the measuring path,
   * and a slow callback delays the stamping of the events behind it. A throw is caught and
   * reported in the outcome's `warnings`; it never ends the run.
   */
  onEvent?: (event: TimedEvent) => void;
  /**
   * Called synchronously as soon as the provider learns the run's upstream id or live URL
   * (each at most once), so the caller can store it before the run ends. Same rules as
   * `onEvent`: keep it cheap; a throw never ends the run.
   */
  onUpstreamIdentity?: (identity: UpstreamIdentity) => void;
}

/** How to reach a run the upstream already knows: its id, and the automation's config. */
export interface UpstreamRunRequest {
  signal?: AbortSignal;
  /** The config of the automation the run belongs to (its `base_url`, say). */
  config?: Record<string, unknown>;
}

/** What a stored timeline still tells: the type and offset of each event. */
export type StoredEventStamp = Pick<TimedEvent, 'type' | 'at_ms'>;

/**
 * Something that can execute runs upstream and measure them.
 *
 * `execute` resolves with the final {@link RunOutcome} and delivers the timeline through
 * `onEvent`. A callback rather than an AsyncIterable, because the timing must not depend
 * on the consumer: events are stamped when their bytes arrive whether or not anyone is
 * reading yet, and a callback has no buffering or back-pressure semantics to get wrong.
 * {@link streamRun} adapts it to an AsyncIterable for consumers that prefer one.
 *
 * `execute` never rejects: invalid inputs or settings, network errors, HTTP errors,
 * timeouts and aborts all become an outcome with a status and a stable error code.
 *
 * `reconcile` and `cancel` act on a run the upstream knows by id; the engine uses them to
 * settle runs left `running` by a crash, and the provider uses them itself after a broken
 * stream, a timeout or an abort.
 */
export interface Provider {
  /** Stable id stored with each automation, e.g. "tinyfish". */
  readonly id: string;
  /** Modes this provider accepts in `settings.mode`; the first is the default. */
  readonly modes: readonly string[];
  execute(request: ExecuteRequest): Promise<RunOutcome>;
  reconcile(upstreamRunId: string, options?: UpstreamRunRequest): Promise<ReconcileResult>;
  cancel(upstreamRunId: string, options?: UpstreamRunRequest): Promise<CancelResult>;
  /**
   * The figures a run's stored events still give after its worker died (the end was never
   * seen, so no total). Omitted: a recovered run keeps no figures from its events.
   */
  metricsFromEvents?(events: readonly StoredEventStamp[]): Partial<RunMetrics>;
  /** Release pooled connections; runs in flight are not awaited. */
  close(): Promise<void>;
}

/**
 * Run `request` and expose its timeline as an AsyncIterable next to the outcome. Events
 * are buffered without limit until read, so read them (or ignore `events` entirely).
 *
 * @example
 * const { events, outcome } = streamRun(provider, { inputs });
 * for await (const event of events) console.log(event.type, event.at_ms);
 * const final = await outcome;
 */
export function streamRun(
  provider: Provider,
  request: Omit<ExecuteRequest, 'onEvent'>,
): { events: AsyncIterable<TimedEvent>; outcome: Promise<RunOutcome> } {
  const buffer: TimedEvent[] = [];
  let done = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const outcome = provider
    .execute({
      ...request,
      onEvent: (event) => {
        buffer.push(event);
        notify();
      },
    })
    .finally(() => {
      done = true;
      notify();
    });
  async function* events(): AsyncGenerator<TimedEvent> {
    while (true) {
      const next = buffer.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (done) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }
  // The iterable must not turn a rejected outcome into an unhandled rejection.
  outcome.catch(() => undefined);
  return { events: events(), outcome };
}

/** True for an outcome whose run the upstream finished (infrastructure success). */
export function isCompleted(outcome: RunOutcome): outcome is Extract<RunOutcome, { status: 'completed' }> {
  return outcome.status === 'completed';
}
