/**
 * Ramping load profiles: a list of stages, each moving a target (arrivals per second for open
 * arrivals, runs in flight for closed arrival) linearly from the previous stage's target to its
 * own over `duration_s`, as k6's ramping-arrival-rate and ramping-vus executors do. Everything
 * here is a pure function of the stages, so the intended timeline of a benchmark is known before
 * it starts and tests check it without a clock.
 */
import { createRandom, type Seed } from '@tfbench/domain/statistics';

/** One stage: over `duration_s` seconds the target moves linearly to `target`. */
export interface LoadStage {
  duration_s: number;
  target: number;
}

/** A change of the concurrency target: from `at_ms` on, `target` runs may be in flight. */
export interface ConcurrencyStep {
  at_ms: number;
  target: number;
}

/** Length of the whole profile in milliseconds. */
export function stagesDurationMs(stages: readonly LoadStage[]): number {
  return stages.reduce((total, stage) => total + stage.duration_s * 1000, 0);
}

/**
 * The target at `atMs` from the start: linear within each stage from the previous target
 * (`start` for the first stage) to the stage's own; the last target after the profile ends.
 *
 * @example
 * rampedTargetAt([{ duration_s: 10, target: 20 }], 0, 5_000); // 10
 */
export function rampedTargetAt(stages: readonly LoadStage[], start: number, atMs: number): number {
  let from = start;
  let stageStart = 0;
  for (const stage of stages) {
    const length = stage.duration_s * 1000;
    if (atMs < stageStart + length) {
      const fraction = length === 0 ? 1 : Math.max(0, atMs - stageStart) / length;
      return from + (stage.target - from) * fraction;
    }
    from = stage.target;
    stageStart += length;
  }
  return from;
}

/**
 * Seconds into a stage at which `amount` arrivals have been expected, the rate going linearly
 * from `from` to `to` over `length` seconds: the root of from*t + (to-from)*t^2/(2*length) =
 * amount. Written as 2A / (b + sqrt(b^2 + 4aA)) so that a flat stage (a = 0) needs no special case.
 */
function timeForArrivals(from: number, to: number, length: number, amount: number): number {
  if (amount <= 0) return 0;
  const a = (to - from) / (2 * length);
  const discriminant = Math.max(0, from * from + 4 * a * amount);
  const denominator = from + Math.sqrt(discriminant);
  return denominator <= 0 ? length : Math.min(length, (2 * amount) / denominator);
}

export interface RampedArrivalOptions {
  arrival: 'constant' | 'poisson';
  stages: readonly LoadStage[];
  /** Arrivals per second when the first stage begins. */
  start_rate: number;
  /** Arrivals to lay out at most; the schedule stops earlier when the profile ends. */
  max_count: number;
  /** Poisson: same seed, same schedule. */
  seed: Seed;
}

/**
 * Intended send offsets (ms from the start of the measured phase, ascending) of a ramping
 * arrival rate. The expected number of arrivals by time t is the integral of the rate, Λ(t).
 * `constant` puts arrival k where Λ = k (so a flat stage gives exactly 1000 / rate apart, the
 * first at 0, as the constant schedule does). `poisson` puts them where Λ equals the running sum
 * of unit exponential draws: a Poisson process whose rate follows the stages (time rescaling).
 *
 * @example
 * rampedArrivalOffsetsMs({ arrival: 'constant', stages: [{ duration_s: 2, target: 2 }],
 *   start_rate: 2, max_count: 100, seed: 1 }); // [0, 500, 1000, 1500]
 */
export function rampedArrivalOffsetsMs(options: RampedArrivalOptions): number[] {
  const { stages, max_count: maxCount } = options;
  const random = options.arrival === 'poisson' ? createRandom(options.seed) : null;
  const offsets: number[] = [];
  let nextAmount = 0;
  let expectedBefore = 0;
  let from = options.start_rate;
  let stageStartS = 0;
  for (const stage of stages) {
    const length = stage.duration_s;
    const to = stage.target;
    const stageAmount = ((from + to) / 2) * length;
    while (offsets.length < maxCount && nextAmount < expectedBefore + stageAmount) {
      const into = timeForArrivals(from, to, length, nextAmount - expectedBefore);
      offsets.push((stageStartS + into) * 1000);
      nextAmount = random ? nextAmount + random.exponential(1) : offsets.length;
    }
    expectedBefore += stageAmount;
    stageStartS += length;
    from = to;
  }
  return offsets;
}

/**
 * The concurrency targets of a ramping closed profile as a step function: the first step at 0,
 * then one at every instant the rounded target changes. The target at any moment is that of
 * the last step at or before it; after the profile ends nothing more may start.
 *
 * @example
 * concurrencyTimeline([{ duration_s: 4, target: 2 }], 0);
 * // [{ at_ms: 0, target: 0 }, { at_ms: 1000, target: 1 }, { at_ms: 3000, target: 2 }]
 */
export function concurrencyTimeline(stages: readonly LoadStage[], start: number): ConcurrencyStep[] {
  const steps: ConcurrencyStep[] = [{ at_ms: 0, target: Math.round(start) }];
  let from = start;
  let stageStartMs = 0;
  for (const stage of stages) {
    const length = stage.duration_s * 1000;
    const to = stage.target;
    let level = steps[steps.length - 1]?.target ?? 0;
    const direction = Math.sign(Math.round(to) - level);
    while (direction !== 0 && level !== Math.round(to)) {
      level += direction;
      // The rounded value becomes `level` where the line crosses level -/+ 0.5.
      const crossing = level - direction * 0.5;
      const fraction = to === from ? 0 : (crossing - from) / (to - from);
      const at = stageStartMs + Math.min(1, Math.max(0, fraction)) * length;
      const last = steps[steps.length - 1];
      if (last && last.at_ms === at) last.target = level;
      else steps.push({ at_ms: at, target: level });
    }
    stageStartMs += length;
    from = to;
  }
  return steps;
}

/** The target of `timeline` at `atMs` (the last step at or before it). */
export function concurrencyTargetAt(timeline: readonly ConcurrencyStep[], atMs: number): number {
  let target = timeline[0]?.target ?? 0;
  for (const step of timeline) {
    if (step.at_ms > atMs) break;
    target = step.target;
  }
  return target;
}

/** The first step of `timeline` after `atMs`, when the target changes next; undefined if none. */
export function nextConcurrencyStep(
  timeline: readonly ConcurrencyStep[],
  atMs: number,
): ConcurrencyStep | undefined {
  return timeline.find((step) => step.at_ms > atMs);
}
