/**
 * The claim (pending -> running) and the upstream-identity write that every execution makes,
 * batched across the runs of this process with {@link BatchedStep}: runs that start together
 * (a benchmark's driver hands out a burst of them when a burst ends) share one statement
 * instead of one round trip each. A lone run is written at once, in a batch of one.
 *
 * Each write keeps its own guarantee: a claim still goes to exactly one claimer (the UPDATE's
 * `status = 'pending'` condition, and within one batch only the first request for a run gets
 * it), and an identity is stored only while the run is running, first value winning.
 */
import type { Executor } from '../db/database.js';
import type { Run } from '../db/schema.js';
import { BatchedStep } from './batched-step.js';
import { claimPendingRuns, recordUpstreamIdentities, type UpstreamIdentity } from './run-store.js';

interface ClaimRequest {
  runId: number;
  claimed?: Run | undefined;
}

export class BatchedRunWrites {
  private readonly claims: BatchedStep<ClaimRequest>;
  private readonly identities: BatchedStep<UpstreamIdentity>;

  constructor(db: Executor, workerId: string) {
    this.claims = new BatchedStep(async (requests) => {
      const rows = await claimPendingRuns(
        db,
        requests.map((r) => r.runId),
        workerId,
      );
      const unclaimed = new Map(rows.map((row) => [row.id, row]));
      for (const request of requests) {
        // A run asked for twice in one batch (a job delivered twice) goes to the first asker.
        request.claimed = unclaimed.get(request.runId);
        unclaimed.delete(request.runId);
      }
    });
    this.identities = new BatchedStep((batch) => recordUpstreamIdentities(db, mergedByRun(batch)));
  }

  /**
   * pending -> running for this worker; undefined when the run was not pending (another
   * worker has it, it was cancelled, or it is finished).
   *
   * @example
   * const run = await ctx.runWrites.claim(runId);
   */
  async claim(runId: number): Promise<Run | undefined> {
    const request: ClaimRequest = { runId };
    await this.claims.add(request);
    return request.claimed;
  }

  /** Store what is known of the run's upstream identity (see recordUpstreamIdentities). */
  recordIdentity(identity: UpstreamIdentity): Promise<void> {
    return this.identities.add(identity);
  }
}

/** One entry per run: the values learned by several writes of one batch, together. */
function mergedByRun(batch: readonly UpstreamIdentity[]): UpstreamIdentity[] {
  const byRun = new Map<number, UpstreamIdentity>();
  for (const identity of batch) {
    const known = byRun.get(identity.run_id);
    byRun.set(identity.run_id, {
      run_id: identity.run_id,
      tinyfish_run_id: known?.tinyfish_run_id ?? identity.tinyfish_run_id,
      streaming_url: known?.streaming_url ?? identity.streaming_url,
    });
  }
  return [...byRun.values()];
}
