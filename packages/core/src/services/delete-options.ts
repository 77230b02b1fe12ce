/** Options of the delete use cases. */
export interface DeleteOptions {
  /**
   * Also delete everything that depends on the item (scenarios, runs with their events,
   * benchmarks), in the same transaction. Without it a delete of an item in use is a 409.
   */
  cascade?: boolean;
}

/** How many dependent rows a cascading delete removed (run events go with their runs). */
export interface DeletedCounts {
  scenarios: number;
  runs: number;
  benchmarks: number;
}
