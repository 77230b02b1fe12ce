/** The counters both mocks' /__mock/stats are built from. */

/** A level that rises and falls (runs in flight, open streams), with the highest it reached. */
export class Gauge {
  value = 0;
  max = 0;

  up(): void {
    this.value++;
    if (this.value > this.max) this.max = this.value;
  }

  down(): void {
    this.value--;
  }
}

/** Counts per key (route, status code, fault). */
export class Tally<K extends string | number> {
  private readonly counts = new Map<K, number>();

  add(key: K): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** The counts as a JSON object; numeric keys become strings. */
  toRecord(): Record<string, number> {
    return Object.fromEntries([...this.counts].map(([k, v]) => [String(k), v]));
  }
}

/** What both mocks count of their HTTP traffic: requests by route, responses, faults, open streams. */
export class HttpCounters<Fault extends string> {
  readonly openStreams = new Gauge();
  readonly requests = new Tally<string>();
  readonly statuses = new Tally<number>();
  readonly faults = new Tally<Fault>();

  streamOpened(): void {
    this.openStreams.up();
  }

  streamClosed(): void {
    this.openStreams.down();
  }

  /** A request to `route` ("other" when none matched). */
  request(route: string): void {
    this.requests.add(route);
  }

  response(status: number): void {
    this.statuses.add(status);
  }

  fault(kind: Fault): void {
    this.faults.add(kind);
  }
}
