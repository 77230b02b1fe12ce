import type { RunSettings } from './settings.js';
import type { CancelResult, ReconcileResult, RunOutcome, TimedEvent } from './types.js';

/**
 * The automation a run belongs to, for providers whose upstream is chosen per automation
 * (an OpenAI-compatible endpoint's base URL, endpoint, prices). `credentials` carries the
 * secrets already in clear (api key, secret header values); a provider uses them for its
 * requests only and never echoes them in an outcome, an event or a log line.
 */
export interface AutomationTarget {
  /** `automations.config` as stored. */
  config: Record<string, unknown>;
  credentials?: { api_key?: string; headers?: Record<string, string> };
}

/** One run to execute. */
export interface ExecuteRequest {
  /**
   * The resolved inputs (automation defaults, scenario template and overrides merged). The
   * provider decides which keys it sends; the engine keeps all of them as the run's snapshot.
   */
  inputs: Record<string, unknown>;
  /** Mode, timeouts, retry policy; omitted fields take {@link DEFAULT_RUN_SETTINGS}. */
  settings?: RunSettings;
  /** Aborting ends the run with status `cancelled` and cancels it upstream when possible. */
  signal?: AbortSignal;
  /**
   * Called synchronously for every event, in order, as soon as it is stamped and parsed.
   * Keep it cheap (hand the event to a buffer or a queue): it runs on the measuring path,
   * and a slow callback delays the stamping of the events behind it. A throw is caught and
   * reported in the outcome's `warnings`; it never ends the run.
   */
  onEvent?: (event: TimedEvent) => void;
  /** The run's automation; providers with one fixed upstream (TinyFish) ignore it. */
  automation?: AutomationTarget;
}

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
  reconcile(upstreamRunId: string, options?: { signal?: AbortSignal }): Promise<ReconcileResult>;
  cancel(upstreamRunId: string, options?: { signal?: AbortSignal }): Promise<CancelResult>;
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
