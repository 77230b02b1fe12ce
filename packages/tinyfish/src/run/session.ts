/**
 * What one run needs while it executes: the client-wide dependencies, and the run's own
 * budget, timeline and attempts.
 */
import type http from 'node:http';
import type { ResolvedRunSettings, RunAttempt, UpstreamIdentity } from '@tfbench/domain/provider';
import type { RunBasics } from '@tfbench/provider-kit/client';
import type { Redactor } from '@tfbench/provider-kit/errors';
import type { RequestTarget } from '@tfbench/provider-kit/http';
import type { RunContext } from './context.js';
import type { TinyFishRunRecorder } from './recorder.js';

export type { ProviderLogger as TinyFishLogger } from '@tfbench/provider-kit/client';

export type RunEndpoint = 'run-sse' | 'run' | 'run-async';

/** Client-wide dependencies, shared by all runs. */
export interface ClientDeps extends RunBasics {
  agent: http.Agent;
  redactor: Redactor;
  /** Headers sent on every request (X-API-Key, User-Agent). */
  headers: Record<string, string>;
  /** Where each run-creating endpoint is, parsed once. */
  endpointTarget(endpoint: RunEndpoint): RequestTarget;
  runUrl(runId: string, suffix?: '/cancel'): URL;
  /** Price of one billed agent step, in USD. */
  costPerStepUsd: number;
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
  /** The caller's `onUpstreamIdentity`, told of each part once (see {@link learnIdentity}). */
  onUpstreamIdentity: ((identity: UpstreamIdentity) => void) | undefined;
}

/**
 * Record the run's upstream id or live URL the first time either is seen, and tell the
 * caller at once: a worker that dies after this can still have the run reconciled.
 */
export function learnIdentity(session: RunSession, runId: string | null, streamingUrl: string | null): void {
  const learned: UpstreamIdentity = {};
  if (runId !== null && session.upstreamRunId === null) {
    session.upstreamRunId = runId;
    learned.upstream_run_id = runId;
  }
  if (streamingUrl !== null && session.streamingUrl === null) {
    session.streamingUrl = streamingUrl;
    learned.streaming_url = streamingUrl;
  }
  if (session.onUpstreamIdentity === undefined) return;
  if (learned.upstream_run_id === undefined && learned.streaming_url === undefined) return;
  try {
    session.onUpstreamIdentity(learned);
  } catch (error) {
    session.recorder.warn(`onUpstreamIdentity threw: ${(error as Error)?.message ?? error}`);
  }
}
