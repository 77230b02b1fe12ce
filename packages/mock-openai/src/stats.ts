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
export class StatsCounters {
  inFlight = 0;
  maxInFlight = 0;
  openStreams = 0;
  maxOpenStreams = 0;
  generations = 0;
  tokensSent = 0;
  readonly routes = new Map<string, number>();
  readonly statuses = new Map<number, number>();
  readonly faults = new Map<FaultKind, number>();

  generationAccepted(): void {
    this.generations++;
  }

  inFlightStarted(): void {
    this.inFlight++;
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
  }

  inFlightEnded(): void {
    this.inFlight--;
  }

  streamOpened(): void {
    this.openStreams++;
    if (this.openStreams > this.maxOpenStreams) this.maxOpenStreams = this.openStreams;
  }

  streamClosed(): void {
    this.openStreams--;
  }

  route(label: string): void {
    this.routes.set(label, (this.routes.get(label) ?? 0) + 1);
  }

  status(code: number): void {
    this.statuses.set(code, (this.statuses.get(code) ?? 0) + 1);
  }

  fault(kind: FaultKind): void {
    this.faults.set(kind, (this.faults.get(kind) ?? 0) + 1);
  }

  snapshot(seed: number): MockOpenAIStats {
    return {
      seed,
      in_flight: this.inFlight,
      max_in_flight: this.maxInFlight,
      open_streams: this.openStreams,
      max_open_streams: this.maxOpenStreams,
      generations: this.generations,
      tokens_sent: this.tokensSent,
      requests_by_route: Object.fromEntries(this.routes),
      responses_by_status: Object.fromEntries([...this.statuses].map(([k, v]) => [String(k), v])),
      faults: Object.fromEntries(this.faults),
    };
  }
}
