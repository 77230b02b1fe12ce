/**
 * The `stages` of a benchmark request (a ramping load profile, load-profile.ts): checked here,
 * and turned into what the stored settings need — for open arrivals the number of arrivals the
 * profile lays out, for closed arrival the end of the profile as the measured phase's deadline.
 */

import { STAGE_LIMITS } from '@tfbench/domain/vocabulary';
import { type IssueList, isPlainObject } from '../services/checks.js';
import { type LoadStage, rampedArrivalOffsetsMs, stagesDurationMs } from './load-profile.js';

export { STAGE_LIMITS };

export interface StageRequest {
  arrival: string;
  stages?: unknown;
  start_target?: unknown;
  rate_per_s?: unknown;
  concurrency?: unknown;
  seed?: unknown;
}

const TARGET_BOUNDS = { maxRatePerS: 10_000, maxConcurrency: 1_000 } as const;

/** The bounds of one target: a rate (open) or a whole number of runs in flight up to the cap. */
function checkTarget(field: string, value: unknown, open: boolean, cap: number, issues: IssueList): void {
  if (open) {
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < 0 ||
      value > TARGET_BOUNDS.maxRatePerS
    )
      issues.add(field, `must be a number of arrivals per second from 0 to ${TARGET_BOUNDS.maxRatePerS}`);
    return;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > cap)
    issues.add(field, `must be a whole number of runs in flight from 0 to concurrency (${cap})`);
}

/**
 * Issues of `stages` and `start_target`, each named by its path (`stages.2.target`). The
 * concurrency of a closed profile is its cap: no target may exceed it.
 */
export function collectStageIssues(input: StageRequest, issues: IssueList): void {
  const open = input.arrival !== 'closed';
  if (input.stages === undefined || input.stages === null) {
    if (input.start_target !== undefined && input.start_target !== null)
      issues.add('start_target', 'applies only with stages');
    return;
  }
  if (
    !Array.isArray(input.stages) ||
    input.stages.length === 0 ||
    input.stages.length > STAGE_LIMITS.maxStages
  ) {
    issues.add('stages', `must be a list of 1 to ${STAGE_LIMITS.maxStages} stages`);
    return;
  }
  const cap =
    typeof input.concurrency === 'number' && Number.isInteger(input.concurrency)
      ? input.concurrency
      : TARGET_BOUNDS.maxConcurrency;
  const before = issues.issues.length;
  input.stages.forEach((stage: unknown, i) => {
    const path = `stages.${i}`;
    if (!isPlainObject(stage)) {
      issues.add(path, 'must be an object {"duration_s", "target"}');
      return;
    }
    const unknown = Object.keys(stage).filter((key) => key !== 'duration_s' && key !== 'target');
    if (unknown.length > 0) issues.add(path, `has unknown field ${unknown.join(', ')}`);
    const duration = stage.duration_s;
    if (
      typeof duration !== 'number' ||
      !Number.isFinite(duration) ||
      duration < STAGE_LIMITS.minStageDurationS ||
      duration > STAGE_LIMITS.maxTotalDurationS
    ) {
      issues.add(
        `${path}.duration_s`,
        `must be a number of seconds from ${STAGE_LIMITS.minStageDurationS} to ${STAGE_LIMITS.maxTotalDurationS}`,
      );
    }
    checkTarget(`${path}.target`, stage.target, open, cap, issues);
  });
  if (input.start_target !== undefined && input.start_target !== null)
    checkTarget('start_target', input.start_target, open, cap, issues);
  if (input.rate_per_s !== undefined && input.rate_per_s !== null)
    issues.add(
      'rate_per_s',
      'cannot be combined with stages: the stages set the rate (start from start_target)',
    );
  if (issues.issues.length > before) return;
  const stages = input.stages as LoadStage[];
  if (stagesDurationMs(stages) / 1000 > STAGE_LIMITS.maxTotalDurationS) {
    issues.add('stages', `must last at most ${STAGE_LIMITS.maxTotalDurationS} s (a week) in all`);
  } else if (open && plannedArrivals(input.arrival, stages, defaultStartTarget(input), 0, 1) === 0) {
    issues.add('stages', 'lay out no arrival: every target, start_target included, is 0');
  }
}

/** start_target as given, else 0 arrivals per second (open) or 1 run in flight (closed). */
export function defaultStartTarget(input: { arrival: string; start_target?: unknown }): number {
  if (typeof input.start_target === 'number') return input.start_target;
  return input.arrival === 'closed' ? 1 : 0;
}

/** How many arrivals an open profile lays out, at most `max`. */
export function plannedArrivals(
  arrival: string,
  stages: readonly LoadStage[],
  startRate: number,
  seed: number,
  max: number,
): number {
  return rampedArrivalOffsetsMs({
    arrival: arrival === 'poisson' ? 'poisson' : 'constant',
    stages,
    start_rate: startRate,
    max_count: max,
    seed,
  }).length;
}
