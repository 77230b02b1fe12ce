/**
 * The intended load of a benchmark over time, for the dialog's preview: the send rate (open
 * arrivals) or the runs in flight (closed) as a polyline. It follows the engine's definition
 * (docs/benchmarks.md, "Load profiles"): over each stage the target moves linearly from the
 * previous stage's target (`start` for the first) to its own; a closed target is rounded to
 * whole runs and capped by concurrency; a steady profile keeps one level. The engine's own
 * functions live in the server-only core package, so the browser has this small copy, held to
 * the engine's by a unit test.
 */

export interface CurveStage {
  duration_s: number;
  target: number;
}

export type CurveArrival = 'closed' | 'constant' | 'poisson';

export interface LoadCurveInput {
  arrival: CurveArrival;
  /** Empty: a steady profile at `rate` (open) or `concurrency` (closed). */
  stages: readonly CurveStage[];
  /** The target when the first stage begins; default 0 (open) or 1 (closed). */
  start?: number | undefined;
  concurrency: number;
  rate?: number | undefined;
  iterations: number;
}

export interface CurvePoint {
  t_s: number;
  value: number;
}

export interface LoadCurve {
  /** 'rate': arrivals per second; 'concurrency': runs in flight. */
  unit: 'rate' | 'concurrency';
  points: CurvePoint[];
  duration_s: number;
  /** Open ramps: the arrivals the profile lays out (at most iterations). */
  expected_runs: number | null;
}

/** The target at `tS` seconds: linear within each stage, the last target after the end. */
export function stageTargetAt(stages: readonly CurveStage[], start: number, tS: number): number {
  let from = start;
  let stageStart = 0;
  for (const stage of stages) {
    if (tS < stageStart + stage.duration_s) {
      const fraction = stage.duration_s === 0 ? 1 : Math.max(0, tS - stageStart) / stage.duration_s;
      return from + (stage.target - from) * fraction;
    }
    from = stage.target;
    stageStart += stage.duration_s;
  }
  return from;
}

/** The runs in flight a closed ramp allows at `tS`: the linear target rounded, at most concurrency. */
export function closedTargetAt(
  stages: readonly CurveStage[],
  start: number,
  tS: number,
  cap: number,
): number {
  return Math.min(cap, Math.round(stageTargetAt(stages, start, tS)));
}

/** Samples per stage of a closed ramp: enough to draw each whole-run step. */
const CLOSED_SAMPLES = 200;

function steadyCurve(input: LoadCurveInput): LoadCurve {
  if (input.arrival === 'closed') {
    // A closed benchmark has no set length; draw its level over a unit span.
    return {
      unit: 'concurrency',
      points: [
        { t_s: 0, value: input.concurrency },
        { t_s: 1, value: input.concurrency },
      ],
      duration_s: 0,
      expected_runs: null,
    };
  }
  const rate = input.rate ?? 0;
  const duration = rate > 0 ? input.iterations / rate : 0;
  return {
    unit: 'rate',
    points: [
      { t_s: 0, value: rate },
      { t_s: duration, value: rate },
    ],
    duration_s: duration,
    expected_runs: input.iterations,
  };
}

/** The curve to draw for a benchmark's load settings. */
export function loadCurve(input: LoadCurveInput): LoadCurve {
  if (input.stages.length === 0) return steadyCurve(input);
  const duration = input.stages.reduce((sum, s) => sum + s.duration_s, 0);
  if (input.arrival === 'closed') {
    const start = input.start ?? 1;
    const points: CurvePoint[] = [];
    let stageStart = 0;
    for (const stage of input.stages) {
      for (let i = 0; i < CLOSED_SAMPLES; i++) {
        const t = stageStart + (stage.duration_s * i) / CLOSED_SAMPLES;
        points.push({ t_s: t, value: closedTargetAt(input.stages, start, t, input.concurrency) });
      }
      stageStart += stage.duration_s;
    }
    points.push({ t_s: duration, value: closedTargetAt(input.stages, start, duration, input.concurrency) });
    return { unit: 'concurrency', points, duration_s: duration, expected_runs: null };
  }
  const start = input.start ?? 0;
  const points: CurvePoint[] = [{ t_s: 0, value: start }];
  let t = 0;
  let expected = 0;
  let from = start;
  for (const stage of input.stages) {
    t += stage.duration_s;
    expected += ((from + stage.target) / 2) * stage.duration_s;
    points.push({ t_s: t, value: stage.target });
    from = stage.target;
  }
  // Constant arrivals sit where the expected count reaches 0, 1, 2, ...: ceil of the area.
  const laidOut = Math.min(input.iterations, Math.ceil(expected - 1e-9));
  return { unit: 'rate', points, duration_s: duration, expected_runs: laidOut };
}
