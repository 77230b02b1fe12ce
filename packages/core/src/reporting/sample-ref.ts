/**
 * The two sides of a comparison, as the API writes them:
 *
 * - `benchmark:12` — the measured (non-warm-up) runs of benchmark 12;
 * - `scenario:3` — scenario 3's runs of the last 24 hours;
 * - `scenario:3@2024-06-01T00:00:00Z..2024-06-02T00:00:00Z` — its runs created in that window
 *   (either end may be left out: `@2024-06-01T00:00:00Z..` runs until now).
 */
import type { RunFilter } from '../repositories/runs.js';
import { INT4_MAX, type IssueList } from '../services/checks.js';

export interface SampleRef {
  /** The text as given. */
  ref: string;
  kind: 'benchmark' | 'scenario';
  id: number;
  from: Date | null;
  to: Date | null;
}

/** How far back `scenario:ID` without a window looks. */
export const DEFAULT_SCENARIO_WINDOW_MS = 86_400_000;

const PATTERN = /^(benchmark|scenario):([1-9][0-9]{0,9})(?:@([^.]*)\.\.([^.]*))?$/;

const SYNTAX =
  'must be benchmark:ID, scenario:ID or scenario:ID@FROM..TO with ISO-8601 date-times (either may be empty)';

function instant(text: string): Date | null | undefined {
  if (text === '') return null;
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Parses one side; adds an issue on `field` and returns undefined when it does not parse. */
export function parseSampleRef(
  field: string,
  text: string,
  issues: IssueList,
  now: number,
): SampleRef | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) {
    issues.add(field, SYNTAX);
    return undefined;
  }
  const [, kind, digits, fromText, toText] = match;
  const id = Number(digits);
  if (id > INT4_MAX) {
    issues.add(field, `the id must be at most ${INT4_MAX}`);
    return undefined;
  }
  if (kind === 'benchmark') {
    if (fromText !== undefined) {
      issues.add(field, 'a benchmark takes no time window: all its measured runs are compared');
      return undefined;
    }
    return { ref: text, kind, id, from: null, to: null };
  }
  if (fromText === undefined) {
    return { ref: text, kind: 'scenario', id, from: new Date(now - DEFAULT_SCENARIO_WINDOW_MS), to: null };
  }
  const from = instant(fromText);
  const to = instant(toText ?? '');
  if (from === undefined || to === undefined) {
    issues.add(field, SYNTAX);
    return undefined;
  }
  if (from && to && !(from.getTime() < to.getTime())) {
    issues.add(field, 'the window must start before it ends');
    return undefined;
  }
  return { ref: text, kind: 'scenario', id, from, to };
}

/** The runs a side stands for, as a repository filter. */
export function filterOfSampleRef(ref: SampleRef): RunFilter {
  if (ref.kind === 'benchmark') return { benchmark_id: ref.id, exclude_warmup: true };
  return {
    scenario_id: ref.id,
    ...(ref.from ? { from: ref.from } : {}),
    ...(ref.to ? { to: ref.to } : {}),
    exclude_warmup: true,
  };
}
