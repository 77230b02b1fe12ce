/**
 * The load, dataset and early-stop part of the benchmark form: the ramping stages as typed
 * (rows of duration and target), the dataset picked, the stop conditions and repeats; their
 * checks, and the request fields they make.
 */
import {
  type BenchmarkArrival,
  type BenchmarkCreate,
  EARLY_STOP_LIMITS,
  STAGE_LIMITS,
} from '@tfbench/contract';
import { lines, parseOptionalNumber } from '@/lib/json-input';
import type { CurveStage } from '@/lib/load-curve';

/** One row of the stage editor, as typed; `key` keeps a row's inputs (and focus) its own when another is removed. */
export interface StageRow {
  key: number;
  durationS: string;
  target: string;
}

let lastStageKey = 0;

/** A new stage row. */
export function stageRow(durationS: string, target: string): StageRow {
  lastStageKey += 1;
  return { key: lastStageKey, durationS, target };
}

export type LoadShape = 'steady' | 'stages';
export type DatasetOrder = 'sequential' | 'shuffle' | 'sample';
/** The dataset select's value: a dataset id, or none (the scenario's own setting applies). */
export const NO_DATASET = 'none';

export interface LoadFormState {
  shape: LoadShape;
  stages: StageRow[];
  startTarget: string;
  datasetId: string;
  datasetOrder: DatasetOrder;
  datasetSeed: string;
  stopOn: string;
  minRuns: string;
  stopCheckEvery: string;
  /** The metric whose mean must be known to ± untilHalfwidth; NO_PRECISION_TARGET for none. */
  untilMetric: string;
  untilHalfwidth: string;
  repeats: string;
}

/** The precision select's value when no until_ci_halfwidth is asked for. */
export const NO_PRECISION_TARGET = 'none';

export const initialLoadState = (): LoadFormState => ({
  shape: 'steady',
  stages: [stageRow('30', '5'), stageRow('60', '5')],
  startTarget: '',
  datasetId: NO_DATASET,
  datasetOrder: 'sequential',
  datasetSeed: '',
  stopOn: '',
  minRuns: '',
  stopCheckEvery: '',
  untilMetric: NO_PRECISION_TARGET,
  untilHalfwidth: '',
  repeats: '',
});

/** What a stage's target means under an arrival, for labels and hints. */
export function targetUnit(arrival: BenchmarkArrival): string {
  return arrival === 'closed' ? 'runs in flight' : 'runs per second';
}

type Fields = Pick<
  BenchmarkCreate,
  | 'stages'
  | 'start_target'
  | 'dataset'
  | 'stop_on'
  | 'min_runs'
  | 'stop_check_every'
  | 'until_ci_halfwidth'
  | 'repeats'
>;

export interface LoadChecked {
  errors: Partial<Record<keyof LoadFormState, string>>;
  fields: Fields;
}

/**
 * The stages as numbers, or the first problem in words naming the stage. Closed targets are
 * whole runs in flight, at most `concurrency`.
 */
export function parseStages(
  rows: readonly StageRow[],
  arrival: BenchmarkArrival,
  concurrency: number | undefined,
): { stages: CurveStage[] } | { error: string } {
  if (rows.length === 0) return { error: 'Add at least one stage.' };
  if (rows.length > STAGE_LIMITS.maxStages) return { error: `At most ${STAGE_LIMITS.maxStages} stages.` };
  const closed = arrival === 'closed';
  const stages: CurveStage[] = [];
  for (const [i, row] of rows.entries()) {
    const duration = parseOptionalNumber(row.durationS, {
      min: STAGE_LIMITS.minStageDurationS,
      max: STAGE_LIMITS.maxTotalDurationS,
      integer: false,
    });
    if (!duration.ok || duration.value === undefined) {
      return { error: `Stage ${i + 1}: duration ${duration.ok ? 'is required' : duration.error} (seconds).` };
    }
    const max = closed ? (concurrency ?? 1000) : 10_000;
    const target = parseOptionalNumber(row.target, { min: 0, max, integer: closed });
    if (!target.ok || target.value === undefined) {
      const why = target.ok ? 'is required' : target.error;
      return {
        error: `Stage ${i + 1}: target ${why} (${targetUnit(arrival)}${closed ? ', up to concurrency' : ''}).`,
      };
    }
    stages.push({ duration_s: duration.value, target: target.value });
  }
  const total = stages.reduce((sum, s) => sum + s.duration_s, 0);
  if (total > STAGE_LIMITS.maxTotalDurationS) return { error: 'The stages last more than a week in all.' };
  if (!closed && stages.every((s) => s.target === 0))
    return { error: 'Every target is 0: no run would be sent.' };
  return { stages };
}

/** Checks the load part of the form and builds its request fields. */
export function checkLoad(
  s: LoadFormState,
  arrival: BenchmarkArrival,
  concurrency: number | undefined,
): LoadChecked {
  const errors: LoadChecked['errors'] = {};
  const fields: Fields = {};
  const num = (key: keyof LoadFormState, range: { min: number; max: number; integer?: boolean }) => {
    const parsed = parseOptionalNumber(String(s[key]), range);
    if (parsed.ok) return parsed.value;
    errors[key] = parsed.error;
    return undefined;
  };
  if (s.shape === 'stages') {
    const parsed = parseStages(s.stages, arrival, concurrency);
    if ('error' in parsed) errors.stages = parsed.error;
    else fields.stages = parsed.stages;
    const start = num('startTarget', {
      min: 0,
      max: arrival === 'closed' ? (concurrency ?? 1000) : 10_000,
      integer: false,
    });
    if (start !== undefined) fields.start_target = start;
  }
  if (s.datasetId !== NO_DATASET) {
    const seed = num('datasetSeed', { min: 0, max: 4_294_967_295 });
    fields.dataset = {
      id: Number(s.datasetId),
      order: s.datasetOrder,
      ...(seed === undefined ? {} : { seed }),
    };
  }
  const stopOn = lines(s.stopOn);
  if (stopOn.length > EARLY_STOP_LIMITS.maxStopOn)
    errors.stopOn = `At most ${EARLY_STOP_LIMITS.maxStopOn} conditions.`;
  else if (stopOn.length > 0) fields.stop_on = stopOn;
  const minRuns = num('minRuns', { min: 1, max: EARLY_STOP_LIMITS.maxMinRuns });
  if (minRuns !== undefined) fields.min_runs = minRuns;
  const every = num('stopCheckEvery', { min: 1, max: EARLY_STOP_LIMITS.maxStopCheckEvery });
  if (every !== undefined) fields.stop_check_every = every;
  if (s.untilMetric !== NO_PRECISION_TARGET) {
    const halfwidth = parseOptionalNumber(s.untilHalfwidth, {
      min: 0,
      max: Number.MAX_SAFE_INTEGER,
      integer: false,
    });
    if (!halfwidth.ok || !halfwidth.value)
      errors.untilHalfwidth = "Must be a number above 0, in the metric's unit.";
    else fields.until_ci_halfwidth = { metric: s.untilMetric, halfwidth: halfwidth.value };
  }
  const repeats = num('repeats', { min: 1, max: 20 });
  if (repeats !== undefined) fields.repeats = repeats;
  return { errors, fields };
}
