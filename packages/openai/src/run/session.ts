/**
 * What one run needs while it executes: the client-wide dependencies, the prepared request,
 * and the run's own budget, timeline, attempts and tally.
 */
import type http from 'node:http';
import type { ResolvedRunSettings, RunAttempt } from '@tfbench/domain/provider';
import type { RunBasics } from '@tfbench/provider-kit/client';
import type { RunContext } from '@tfbench/provider-kit/context';
import type { Redactor } from '@tfbench/provider-kit/errors';
import type { RunRecorder } from '@tfbench/provider-kit/recorder';
import type { PreparedRequest } from '../request.js';
import type { TokenTally } from '../stream/token-tally.js';

export type { ProviderLogger as OpenAILogger } from '@tfbench/provider-kit/client';

/** Client-wide dependencies, shared by all runs. */
export interface ClientDeps extends RunBasics {
  /** The keep-alive agent of an upstream origin (one per origin, created on first use). */
  agentFor(url: URL): http.Agent;
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
