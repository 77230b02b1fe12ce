/**
 * What one run needs while it executes: the client-wide dependencies, and the run's own
 * budget, timeline and attempts.
 */
import type http from 'node:http';
import type { ResolvedRunSettings, RunAttempt } from '@tfbench/domain/provider';
import type { Redactor } from '@tfbench/provider-kit/errors';
import type { RequestTarget } from '@tfbench/provider-kit/http';
import type { MonotonicClock } from '@tfbench/provider-kit/timing';
import type { RunContext } from './context.js';
import type { TinyFishRunRecorder } from './recorder.js';

/** Minimal structured logger (pino-compatible). Receives only redacted data. */
export interface TinyFishLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export type RunEndpoint = 'run-sse' | 'run' | 'run-async';

/** Client-wide dependencies, shared by all runs. */
export interface ClientDeps {
  agent: http.Agent;
  clock: MonotonicClock;
  wallClock: () => number;
  random: () => number;
  redactor: Redactor;
  logger: TinyFishLogger | null;
  /** Headers sent on every request (X-API-Key, User-Agent). */
  headers: Record<string, string>;
  /** Where each run-creating endpoint is, parsed once. */
  endpointTarget(endpoint: RunEndpoint): RequestTarget;
  runUrl(runId: string, suffix?: '/cancel'): URL;
  maxResponseBytes: number;
  maxLineBytes: number;
}

/** One run in flight. */
export interface RunSession {
  deps: ClientDeps;
  settings: ResolvedRunSettings;
  ctx: RunContext;
  recorder: TinyFishRunRecorder;
  attempts: RunAttempt[];
  /** Monotonic start of each attempt, parallel to `attempts`. */
  attemptStarts: number[];
  /** The JSON request body, serialised once. */
  body: Buffer;
  upstreamRunId: string | null;
  streamingUrl: string | null;
}
