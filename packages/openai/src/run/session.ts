/**
 * What one run needs while it executes: the client-wide dependencies, the prepared request,
 * and the run's own budget, timeline, attempts and tally.
 */
import type http from 'node:http';
import type { ResolvedRunSettings, RunAttempt } from '@tfbench/domain/provider';
import type { RunContext } from '@tfbench/provider-kit/context';
import type { Redactor } from '@tfbench/provider-kit/errors';
import type { RunRecorder } from '@tfbench/provider-kit/recorder';
import type { MonotonicClock } from '@tfbench/provider-kit/timing';
import type { PreparedRequest } from '../request.js';
import type { TokenTally } from '../stream/token-tally.js';

/** Minimal structured logger (pino-compatible). Receives only redacted data. */
export interface OpenAILogger {
  debug(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Client-wide dependencies, shared by all runs. */
export interface ClientDeps {
  /** The keep-alive agent of an upstream origin (one per origin, created on first use). */
  agentFor(url: URL): http.Agent;
  clock: MonotonicClock;
  wallClock: () => number;
  random: () => number;
  logger: OpenAILogger | null;
  maxResponseBytes: number;
  maxLineBytes: number;
  /** Shortest gap between two TOKENS progress events of a run. */
  progressIntervalMs: number;
}

/** One run in flight. */
export interface RunSession {
  deps: ClientDeps;
  settings: ResolvedRunSettings;
  ctx: RunContext;
  recorder: RunRecorder;
  request: PreparedRequest;
  /** Keeps the run's key and secret header values out of everything it reports. */
  redactor: Redactor;
  attempts: RunAttempt[];
  /** Monotonic start of each attempt, parallel to `attempts`. */
  attemptStarts: number[];
  tally: TokenTally;
  /** The upstream's id of the completion (`chatcmpl-…`), once a chunk or body named it. */
  completionId: string | null;
}
