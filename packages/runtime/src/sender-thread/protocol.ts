/**
 * What the main thread and the sender thread say to each other. Everything is plain data
 * (structured clone): the callbacks and the AbortSignal of an ExecuteRequest become messages.
 */
import type { Config } from '@tfbench/core/config';
import type { ExecuteRequest, RunOutcome, TimedEvent, UpstreamIdentity } from '@tfbench/domain/provider';

/** How the thread opens its providers: the process's config, and where its mocks already run. */
export interface SenderThreadSettings {
  /** Plain data (loadConfig's result); it carries the server-wide API key, so it is never logged. */
  config: Config;
  /** Mock mode: each provider's mock URL, by provider id (the mocks stay on the main thread). */
  runningMocks: Record<string, string>;
  /** The main logger's level; the thread's lines are written by the main logger (see `log`). */
  logLevel: string;
}

/** An ExecuteRequest without what cannot cross a thread boundary. */
export type ExecuteMessageRequest = Omit<ExecuteRequest, 'signal' | 'onEvent' | 'onUpstreamIdentity'>;

export type ToThread =
  | { type: 'execute'; id: number; provider: string; request: ExecuteMessageRequest }
  | { type: 'abort'; id: number }
  | { type: 'close' };

/** What the thread reports about one run in flight, in the order it happened. */
export type RunReport =
  | { type: 'event'; id: number; event: TimedEvent }
  | { type: 'identity'; id: number; identity: UpstreamIdentity }
  | { type: 'outcome'; id: number; outcome: RunOutcome }
  /** The provider's execute rejected (it should never): the run ends failed with this message. */
  | { type: 'rejected'; id: number; message: string };

export type FromThread =
  | {
      type: 'ready';
      /**
       * The thread's monotonic epoch scale (timeOrigin + now) minus the process's monotonic
       * clock, read together: a thread's performance.timeOrigin is its own start, so its t0
       * readings are moved onto the main thread's scale by the difference of the two.
       */
      epochMinusMonotonicMs: number;
    }
  /**
   * The reports of one turn of the thread's loop, in order: one message rather than one per
   * event, since each message costs both threads a wake-up, and the events' stamps are
   * taken before they are sent.
   */
  | { type: 'reports'; reports: RunReport[] }
  /** One line of the thread's logger (pino JSON), for the main logger to write. */
  | { type: 'log'; line: string }
  | { type: 'closed' };

/**
 * This thread's monotonic epoch reading minus the process-wide monotonic clock, in ms. The
 * same on every thread up to the origins' difference, which is what it measures.
 */
export function epochMinusMonotonicMs(): number {
  return performance.timeOrigin + performance.now() - Number(process.hrtime.bigint()) / 1e6;
}
