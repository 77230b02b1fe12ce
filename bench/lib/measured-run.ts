/** What a reader measured for one run: the raw arrival stamps the comparison works from. */
export interface MeasuredRun {
  /** The run's own mock seed: the key that pairs it with the mock's ground truth. */
  seed: number;
  /** Null when the run completed; otherwise why it did not (then it is counted, not compared). */
  failure: string | null;
  /** t0 (immediately before the request was handed to node:http) as epoch ms. */
  t0EpochMs: number;
  /** Arrival of every upstream event, ms after t0, in arrival order. */
  arrivals: number[];
  /** Per arrival: whether the reader recognised it as PROGRESS (checked against the truth). */
  progress: boolean[];
  /** The reader's own time to first PROGRESS, ms after t0 (what the product stores). */
  ttftMs: number | null;
}

/** Something that executes one run against the mock and times its events. */
export interface Reader {
  readonly name: 'client' | 'baseline';
  /** One run with its own mock seed; never rejects. */
  run(seed: number): Promise<MeasuredRun>;
  close(): Promise<void>;
}

/** The run-creation body both readers send: the same bytes apart from the seed. */
export function runBody(seed: number): { url: string; goal: string; mock: { seed: number } } {
  return { url: 'https://example.com', goal: 'Find the title', mock: { seed } };
}
