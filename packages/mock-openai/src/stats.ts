import { Gauge, HttpCounters } from '@tfbench/mock-tinyfish';
import type { FaultKind } from './behaviour.js';

/** Server-wide counters, served at GET /__mock/stats. */
export interface MockOpenAIStats {
  seed: number;
  /** Generation requests accepted and not yet answered in full (streams open, or waiting). */
  in_flight: number;
  max_in_flight: number;
  open_streams: number;
  max_open_streams: number;
  /** Generation requests that passed validation (each took one draw of the seed sequence). */
  generations: number;
  /** Output tokens written to clients, all requests together. */
  tokens_sent: number;
  requests_by_route: Record<string, number>;
  responses_by_status: Record<string, number>;
  faults: Partial<Record<FaultKind, number>>;
}

/** Mutable counters behind MockOpenAIStats. */
export class StatsCounters extends HttpCounters<FaultKind> {
  readonly inFlight = new Gauge();
  generations = 0;
  tokensSent = 0;

  generationAccepted(): void {
    this.generations++;
  }

  inFlightStarted(): void {
    this.inFlight.up();
  }

  inFlightEnded(): void {
    this.inFlight.down();
  }

  snapshot(seed: number): MockOpenAIStats {
    return {
      seed,
      in_flight: this.inFlight.value,
      max_in_flight: this.inFlight.max,
      open_streams: this.openStreams.value,
      max_open_streams: this.openStreams.max,
      generations: this.generations,
      tokens_sent: this.tokensSent,
      requests_by_route: this.requests.toRecord(),
      responses_by_status: this.statuses.toRecord(),
      faults: this.faults.toRecord(),
    };
  }
}
