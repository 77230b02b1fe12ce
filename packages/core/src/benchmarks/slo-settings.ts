/**
 * The `slo` of a benchmark request: per-request upper bounds (ms) that mark each run good or
 * not (`meetsSlo` of the threshold language). Checked here; the summary reports attainment and
 * goodput from it, and thresholds and stop_on read `attainment` and `goodput` by it.
 */
import { parseThreshold, type RunSlo, SLO_BOUNDS, ThresholdSyntaxError } from '@tfbench/domain/thresholds';
import { MAX_SLO_MS } from '@tfbench/domain/vocabulary';
import { type IssueList, isPlainObject } from '../services/checks.js';

export { MAX_SLO_MS };

/** Issues of `slo`, each naming its field (`slo.ttft_ms`). */
export function collectSloIssues(value: unknown, issues: IssueList): void {
  if (value === undefined || value === null) return;
  if (!isPlainObject(value)) {
    issues.add('slo', `must be an object with one or more of ${SLO_BOUNDS.join(', ')} (milliseconds)`);
    return;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) issues.add('slo', `must give at least one of ${SLO_BOUNDS.join(', ')}`);
  for (const key of keys) {
    if (!(SLO_BOUNDS as readonly string[]).includes(key)) {
      issues.add(`slo.${key}`, `is not a bound of slo; the bounds are ${SLO_BOUNDS.join(', ')}`);
      continue;
    }
    const bound = value[key];
    if (typeof bound !== 'number' || !Number.isFinite(bound) || bound <= 0 || bound > MAX_SLO_MS)
      issues.add(`slo.${key}`, `must be a number of milliseconds above 0 and at most ${MAX_SLO_MS}`);
  }
}

/** The stored SLO of a checked request: only the bounds given. */
export function toSlo(value: unknown): RunSlo | null {
  if (!isPlainObject(value)) return null;
  const slo: RunSlo = {};
  for (const bound of SLO_BOUNDS) {
    const limit = value[bound];
    if (typeof limit === 'number') slo[bound] = limit;
  }
  return slo;
}

/** Whether a threshold expression reads the SLO (attainment, goodput); false when it does not parse. */
function readsSlo(expression: unknown): boolean {
  if (typeof expression !== 'string') return false;
  try {
    const parsed = parseThreshold(expression);
    return (
      (parsed.kind === 'rate' && parsed.rate === 'attainment') ||
      (parsed.kind === 'total' && parsed.total === 'goodput')
    );
  } catch (error) {
    if (error instanceof ThresholdSyntaxError) return false;
    throw error;
  }
}

/**
 * Without an SLO, `attainment` and `goodput` have no value and could never pass: refuse them in
 * `field` (thresholds, stop_on) rather than fail the benchmark at its end.
 */
export function collectSloUseIssues(
  field: string,
  expressions: unknown,
  hasSlo: boolean,
  issues: IssueList,
): void {
  if (hasSlo || !Array.isArray(expressions)) return;
  expressions.forEach((expression, index) => {
    if (readsSlo(expression))
      issues.add(
        `${field}.${index}`,
        'attainment and goodput need the benchmark\'s slo (e.g. "slo": {"ttft_ms": 500})',
      );
  });
}
