import { Gauge, HttpCounters } from './counters.js';
import type { FaultKind } from './model.js';

/** Server-wide counters, served at GET /__mock/stats. */
export interface MockStats {
  /** The server's seed (the one given, or the random one drawn at start). */
  seed: number;
  /** Runs created and not yet terminal (PENDING or RUNNING). */
  in_flight_runs: number;
  max_in_flight_runs: number;
  /** Runs holding a concurrency slot (RUNNING, or PENDING before STARTED). */
  active_runs: number;
  max_active_runs: number;
  /** Runs waiting for a concurrency slot (only with a concurrency limit). */
  queued_runs: number;
  /** SSE responses currently open. */
  open_streams: number;
  max_open_streams: number;
  runs_created: number;
  runs_by_status: Record<'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED', number>;
  /** Requests by route, e.g. "POST /v1/automation/run-sse"; unknown routes count as "other". */
  requests_by_endpoint: Record<string, number>;
  /** Faults injected, by kind. */
  faults: Partial<Record<FaultKind, number>>;
  /** Responses by HTTP status code. */
  responses_by_status: Record<string, number>;
}

/** The POSTs that ask the mock to create a run, in any mode (accepted or not). */
export function runCreatingPosts(stats: MockStats): number {
  const byEndpoint = stats.requests_by_endpoint;
  return (
    (byEndpoint['POST /v1/automation/run-sse'] ?? 0) +
    (byEndpoint['POST /v1/automation/run'] ?? 0) +
    (byEndpoint['POST /v1/automation/run-async'] ?? 0)
  );
}

/** Mutable counters behind MockStats. */
export class StatsCounters extends HttpCounters<FaultKind> {
  readonly inFlight = new Gauge();
  readonly active = new Gauge();
  runsCreated = 0;

  runCreated(): void {
    this.runsCreated++;
    this.inFlight.up();
  }

  runEnded(): void {
    this.inFlight.down();
  }

  slotTaken(): void {
    this.active.up();
  }

  slotReleased(): void {
    this.active.down();
  }
}
