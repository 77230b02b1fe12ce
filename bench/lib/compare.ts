/**
 * What a reader measured against what the mock really did (pure; no I/O).
 *
 * Clocks. The mock stamps each event just before handing its bytes to the socket and keeps
 * the stamp as epoch ms = its performance.timeOrigin + performance.now(); the readers stamp
 * arrivals the same way in this process. Both monotonic readings come from the same kernel
 * clock (CLOCK_MONOTONIC), and each process's timeOrigin is its wall clock at start, so the
 * two epoch scales can differ by a constant `delta` (how far the wall clock moved against the
 * monotonic one between the two process starts: normally microseconds). The comparison
 * bounds `delta` from the data instead of assuming it away:
 *
 * - every request reaches the mock after t0, so mock.received - t0 >= delta
 *   (upper bound: the smallest "transit" seen);
 * - every event arrives after it was written, so arrival - write >= -delta
 *   (lower bound: minus the smallest "lag" seen).
 *
 * Gaps (consecutive PROGRESS events, last PROGRESS to COMPLETE) are differences on one
 * side each, so `delta` cancels and they are compared directly. TTFT is compared on the
 * epoch scale: error = measured ttft - (first PROGRESS written - t0), exact up to `delta`.
 */
import type { RunGroundTruth } from '@tfbench/mock-tinyfish';
import type { MeasuredRun } from './measured-run.js';

/** Raw comparison samples of one phase (one reader at one concurrency). */
export interface ComparisonSamples {
  /** Runs compared. */
  compared: number;
  /** Runs that did not complete, with the first few reasons. */
  failed: number;
  failures: string[];
  /** Runs whose events did not line up with the ground truth (count or kinds differ). */
  mismatched: number;
  /** Runs with no ground truth (the mock never saw them). */
  missingTruth: number;
  /** |measured ttft - true ttft| per run, ms. */
  ttftErrors: number[];
  /** |measured gap - true gap| per inter-token gap, ms. */
  gapErrors: number[];
  /** arrival - write per event (delivery and stamping lag, plus delta), ms. */
  lags: number[];
  /** mock.received - t0 per run (request transit, minus delta), ms. */
  transits: number[];
  /** Measured ttft - the mock's own first-PROGRESS offset: transit + lag, no clock alignment needed. */
  ttftMinusMockOffset: number[];
}

const KEPT_FAILURES = 5;

export function compareWithTruth(
  runs: readonly MeasuredRun[],
  truths: readonly RunGroundTruth[],
): ComparisonSamples {
  const bySeed = new Map<number, RunGroundTruth>();
  for (const truth of truths) bySeed.set(truth.seed, truth);
  const out: ComparisonSamples = {
    compared: 0,
    failed: 0,
    failures: [],
    mismatched: 0,
    missingTruth: 0,
    ttftErrors: [],
    gapErrors: [],
    lags: [],
    transits: [],
    ttftMinusMockOffset: [],
  };
  for (const run of runs) {
    if (run.failure !== null) {
      out.failed++;
      if (out.failures.length < KEPT_FAILURES) out.failures.push(run.failure);
      continue;
    }
    const truth = bySeed.get(run.seed);
    if (!truth) {
      out.missingTruth++;
      continue;
    }
    const written = truth.events.filter((e) => e.written);
    const aligned =
      written.length === run.arrivals.length &&
      written.every((e, i) => (e.type === 'PROGRESS') === run.progress[i]) &&
      written[written.length - 1]?.type === 'COMPLETE';
    const firstProgress = written.findIndex((e) => e.type === 'PROGRESS');
    if (!aligned || firstProgress === -1 || run.ttftMs === null) {
      out.mismatched++;
      continue;
    }
    out.compared++;
    const t0 = run.t0EpochMs;
    const trueTtft = written[firstProgress]!.epoch_ms - t0;
    out.ttftErrors.push(Math.abs(run.ttftMs - trueTtft));
    out.ttftMinusMockOffset.push(run.ttftMs - written[firstProgress]!.offset_ms);
    out.transits.push(truth.received_epoch_ms - t0);
    for (let i = 0; i < written.length; i++) out.lags.push(t0 + run.arrivals[i]! - written[i]!.epoch_ms);
    // Inter-token gaps: PROGRESS to PROGRESS, and the last PROGRESS to COMPLETE.
    let previous = -1;
    for (let i = 0; i < written.length; i++) {
      const type = written[i]!.type;
      if (type !== 'PROGRESS' && type !== 'COMPLETE') continue;
      if (previous !== -1) {
        const measured = run.arrivals[i]! - run.arrivals[previous]!;
        const actual = written[i]!.offset_ms - written[previous]!.offset_ms;
        out.gapErrors.push(Math.abs(measured - actual));
      }
      previous = type === 'PROGRESS' ? i : -1;
    }
  }
  return out;
}

/** Concatenates the samples of several phases of the same reader and level. */
export function mergeSamples(parts: readonly ComparisonSamples[]): ComparisonSamples {
  const out = compareWithTruth([], []);
  for (const p of parts) {
    out.compared += p.compared;
    out.failed += p.failed;
    for (const failure of p.failures) if (out.failures.length < KEPT_FAILURES) out.failures.push(failure);
    out.mismatched += p.mismatched;
    out.missingTruth += p.missingTruth;
    append(out.ttftErrors, p.ttftErrors);
    append(out.gapErrors, p.gapErrors);
    append(out.lags, p.lags);
    append(out.transits, p.transits);
    append(out.ttftMinusMockOffset, p.ttftMinusMockOffset);
  }
  return out;
}

/** push(...values) without the argument-count limit a spread of tens of thousands hits. */
function append(target: number[], values: readonly number[]): void {
  for (const value of values) target.push(value);
}
