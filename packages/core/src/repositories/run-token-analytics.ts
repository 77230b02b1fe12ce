/**
 * Exact token figures of OpenAI-compatible runs over the runs matching a filter, read from
 * `runs.token_metrics`. The rollups keep no token sketches, so these are always computed from
 * raw runs, whatever the range; the analytics statement timeout bounds the cost of a wide one.
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { runs } from '../db/schema.js';
import {
  completed,
  completedMean,
  completedPercentile,
  figureSql,
  type TokenFigure,
} from './run-analytics.js';
import { conditionsOf, type RunFilter } from './runs.js';

/** The token figures whose distribution the KPIs give. */
export const TOKEN_KPI_FIGURES = [
  'time_to_first_answer_token_ms',
  'tpot_ms',
  'output_tokens_per_s',
  'output_tokens',
] as const satisfies readonly TokenFigure[];
export type TokenKpiFigure = (typeof TOKEN_KPI_FIGURES)[number];

export interface TokenStatsRow {
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
}

export interface TokenKpiRow {
  /** Completed runs that carry token metrics. */
  runs: number;
  input_tokens: number | null;
  output_tokens: number | null;
  stats: Record<TokenKpiFigure, TokenStatsRow>;
}

function statsColumns(figure: TokenKpiFigure) {
  const value = figureSql(figure);
  return {
    [`${figure}__p50`]: completedPercentile(0.5, value),
    [`${figure}__p90`]: completedPercentile(0.9, value),
    [`${figure}__p95`]: completedPercentile(0.95, value),
    [`${figure}__p99`]: completedPercentile(0.99, value),
    [`${figure}__mean`]: completedMean(value),
  };
}

/** Token sums and per-run distributions over the completed runs matching the filter. */
export async function selectTokenKpiFigures(db: Executor, filter: RunFilter): Promise<TokenKpiRow> {
  const columns = Object.assign({}, ...TOKEN_KPI_FIGURES.map(statsColumns)) as Record<
    string,
    ReturnType<typeof completedMean>
  >;
  const [row] = await db
    .select({
      runs: sql<number>`count(*) filter (where ${completed} and ${runs.token_metrics} is not null)`.mapWith(
        Number,
      ),
      input_tokens: sql<number | null>`sum(${figureSql('input_tokens')}) filter (where ${completed})`.mapWith(
        Number,
      ),
      output_tokens: sql<
        number | null
      >`sum(${figureSql('output_tokens')}) filter (where ${completed})`.mapWith(Number),
      ...columns,
    })
    .from(runs)
    .where(conditionsOf(filter, db));
  const values = row as Record<string, number | null>;
  const stats = {} as Record<TokenKpiFigure, TokenStatsRow>;
  for (const figure of TOKEN_KPI_FIGURES) {
    stats[figure] = {
      p50: values[`${figure}__p50`] ?? null,
      p90: values[`${figure}__p90`] ?? null,
      p95: values[`${figure}__p95`] ?? null,
      p99: values[`${figure}__p99`] ?? null,
      mean: values[`${figure}__mean`] ?? null,
    };
  }
  return {
    runs: Number(values.runs ?? 0),
    input_tokens: values.input_tokens ?? null,
    output_tokens: values.output_tokens ?? null,
    stats,
  };
}
