/**
 * What a TinyFish run costs: TinyFish bills per agent step, so cost is billed steps x the
 * per-step price, computed here by the provider and reported on the outcome.
 */
/** Run statuses as the provider interface reports them. */
type FinalStatus = 'completed' | 'failed' | 'cancelled' | 'timeout';

/** TinyFish's published price of one agent step, in USD. */
export const DEFAULT_COST_PER_STEP_USD = 0.016;

/** What one run costs is decided from these facts alone. */
export interface CostInput {
  status: FinalStatus;
  /**
   * The step count the upstream bills: TinyFish's `num_of_steps` when the run reported it,
   * otherwise the number of progress events we counted. Null when neither is known.
   */
  billed_steps: number | null;
  /** Price of one step in USD (config `TINYFISH_COST_PER_STEP_USD`, default {@link DEFAULT_COST_PER_STEP_USD}). */
  cost_per_step_usd: number;
}

/**
 * cost_usd of one run = billed steps x per-step price, for COMPLETED runs only: TinyFish
 * bills neither failed nor cancelled runs (as LiteLLM's pass-through documents), and a run
 * we timed out never reported completion to us. Rounded to micro-dollars so sums of many
 * runs do not accumulate binary-fraction noise. Null when a completed run's step count is
 * unknown: an unknown cost is not zero.
 *
 * @example
 * runCostUsd({ status: 'completed', billed_steps: 12, cost_per_step_usd: 0.016 }); // 0.192
 * runCostUsd({ status: 'failed', billed_steps: 12, cost_per_step_usd: 0.016 }); // 0
 */
export function runCostUsd(input: CostInput): number | null {
  if (!(input.cost_per_step_usd >= 0)) {
    throw new RangeError(`cost_per_step_usd must be >= 0, got ${input.cost_per_step_usd}`);
  }
  if (input.status !== 'completed') return 0;
  if (input.billed_steps === null) return null;
  if (!(input.billed_steps >= 0))
    throw new RangeError(`billed_steps must be >= 0, got ${input.billed_steps}`);
  return Math.round(input.billed_steps * input.cost_per_step_usd * 1e6) / 1e6;
}

/**
 * The step count to bill: the upstream's own count wins over ours, because it is what the
 * invoice uses; our count of progress events stands in when the mode never reports one
 * (SSE streams do not carry num_of_steps).
 */
export function billedSteps(
  numOfSteps: number | null | undefined,
  countedSteps: number | null,
): number | null {
  return numOfSteps ?? countedSteps;
}
