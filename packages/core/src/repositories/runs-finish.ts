/**
 * running -> terminal: a run's outcome stored, one run at a time or many in one statement.
 * Each UPDATE is guarded by `status = 'running'`, so a run finished by someone else
 * meanwhile is left alone and the caller learns so from the empty RETURNING. `finished_at`
 * comes from the database clock.
 */
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/database.js';
import { fixedStatement, runFixed } from '../db/fixed-statement.js';
import { type NewRun, type NewRunEvent, type Run, runs } from '../db/schema.js';
import { updateRowWhere } from './rows.js';
import { eventRecords, insertEventsIdempotentSql } from './run-events.js';
import { wholeRows } from './table-row.js';

type RunValues = Partial<Omit<NewRun, 'id' | 'created_at' | 'updated_at'>>;

/** The outcome columns, stamped with the database clock. */
function finishing(values: RunValues): PgUpdateSetSource<typeof runs> {
  return { ...values, finished_at: sql`now()`, updated_at: sql`now()` };
}

/** The run, while it is still running: the guard of every finish. */
function isRunning(runId: number): SQL | undefined {
  return and(eq(runs.id, runId), eq(runs.status, 'running'));
}

/** running -> terminal, with every outcome column; undefined when the run was no longer running. */
export function finishRunningRun(db: Executor, runId: number, values: RunValues): Promise<Run | undefined> {
  return updateRowWhere(db, runs, finishing(values), isRunning(runId));
}

/**
 * The outcome columns every finished run sets (see outcome-columns.ts), with their SQL types:
 * what {@link finishRunningRuns} reads back out of its JSON parameter.
 */
const OUTCOME_COLUMNS = {
  status: 'text',
  total_duration_ms: 'double precision',
  time_to_started_ms: 'double precision',
  time_to_streaming_url_ms: 'double precision',
  ttft_ms: 'double precision',
  inter_token_stats: 'jsonb',
  steps: 'integer',
  heartbeats: 'integer',
  num_of_steps: 'integer',
  server_duration_ms: 'double precision',
  event_loop_delay_ms: 'double precision',
  error: 'text',
  error_code: 'text',
  http_status: 'integer',
  result_json: 'jsonb',
  response_json: 'jsonb',
  assertions_passed: 'boolean',
  assertion_results: 'jsonb',
  cost_usd: 'double precision',
  provider_metrics: 'jsonb',
  token_metrics: 'jsonb',
  token_timeline: 'jsonb',
  metric_definitions_version: 'text',
} as const satisfies Partial<Record<keyof RunValues, string>>;

/** Set only when the outcome has them: an identity recorded earlier, attempts and the claim's start are kept. */
const KEPT_UNLESS_GIVEN = {
  provider: 'text',
  upstream_run_id: 'text',
  streaming_url: 'text',
  attempts: 'jsonb',
  actual_start_at: 'timestamptz',
  queue_wait_ms: 'double precision',
} as const satisfies Partial<Record<keyof RunValues, string>>;

export type RunOutcomeValues = RunValues & { [K in keyof typeof OUTCOME_COLUMNS]: RunValues[K] };

/**
 * True when `values` holds every outcome column and nothing {@link finishRunningRuns} cannot
 * carry (such as a start time cleared for an arrival that was never sent).
 */
export function isCompleteOutcome(values: RunValues): values is RunOutcomeValues {
  return (
    Object.keys(OUTCOME_COLUMNS).every((column) => column in values) &&
    Object.keys(values).every((column) => column in OUTCOME_COLUMNS || column in KEPT_UNLESS_GIVEN)
  );
}

/** Whole runs rows, as finishes return them. */
const runRows = wholeRows(runs);

/**
 * The columns the batched finish sets to the outcome's value as given. It does not read them
 * back: the caller has them already, and the biggest of them (the result, the response, the
 * token timeline) would otherwise be sent back and parsed for every run of every batch.
 */
const WRITTEN_AS_GIVEN: ReadonlySet<string> = new Set(Object.keys(OUTCOME_COLUMNS));

/** Every column a batched finish reads out of its JSON records, in one fixed order. */
const RECORD_COLUMNS = { ...OUTCOME_COLUMNS, ...KEPT_UNLESS_GIVEN };
const RECORD_COLUMN_NAMES = Object.keys(RECORD_COLUMNS) as (keyof typeof RECORD_COLUMNS)[];

/**
 * The batched finish: each outcome travels as a JSON record, every column set from it
 * (`finished_at` from the database clock), guarded per run by `status = 'running'`.
 * Parameter `$markParam` (boolean) also marks the non-warm-up runs rolled up, for a caller
 * that adds them to the rollups in the same transaction: one version of each row instead of
 * two.
 */
const finishRunningSql = (markParam: number): string => `update runs set
     ${Object.keys(OUTCOME_COLUMNS)
       .map((column) => `${column} = o.${column}`)
       .join(', ')},
     provider = coalesce(runs.provider, o.provider),
     upstream_run_id = coalesce(runs.upstream_run_id, o.upstream_run_id),
     streaming_url = coalesce(runs.streaming_url, o.streaming_url),
     attempts = coalesce(o.attempts, runs.attempts),
     actual_start_at = coalesce(o.actual_start_at, runs.actual_start_at),
     queue_wait_ms = coalesce(o.queue_wait_ms, runs.queue_wait_ms),
     rolled_up_at = case when $${markParam}::boolean and not runs.is_warmup and runs.rolled_up_at is null
       then now() else runs.rolled_up_at end,
     finished_at = now(), updated_at = now()
   from jsonb_to_recordset($1::jsonb) as o(run_id integer, ${Object.entries(RECORD_COLUMNS)
     .map(([column, type]) => `${column} ${type}`)
     .join(', ')})
   where runs.id = o.run_id and runs.status = 'running'
   returning ${runRows.columns('runs', WRITTEN_AS_GIVEN)}`;

const FINISH_RUNNING = fixedStatement('runs_finish_running', finishRunningSql(2));

/**
 * The batched finish with the runs' remaining events ($2), in one statement: the
 * data-modifying CTE makes it atomic like a transaction, in one round trip instead of four.
 */
const FINISH_RUNNING_WITH_EVENTS = fixedStatement(
  'runs_finish_running_with_events',
  `with stored_events as (${insertEventsIdempotentSql(2)})
   ${finishRunningSql(3)}`,
);

/**
 * running -> terminal for many runs in ONE statement: each outcome travels as a JSON record,
 * every column set from it (`finished_at` from the database clock), guarded per run by
 * `status = 'running'`. Returns the runs finished; one no longer running is left out, as in
 * {@link finishRunningRun}. The identity columns follow the first-value-wins rule, and
 * `attempts` is kept when an outcome has none. `events` (the runs' remaining events, up to a
 * few thousand rows) are stored by the same statement, even for a run finished elsewhere.
 * `markRolledUp` sets `rolled_up_at` on the non-warm-up runs it finishes (the caller adds
 * them to the rollups in the same transaction).
 */
export async function finishRunningRuns(
  db: Executor,
  outcomes: ReadonlyArray<{ runId: number; values: RunOutcomeValues }>,
  events: readonly NewRunEvent[] = [],
  options: { markRolledUp?: boolean } = {},
): Promise<Run[]> {
  if (outcomes.length === 0) return [];
  const records = JSON.stringify(outcomes.map(({ runId, values }) => outcomeRecord(runId, values)));
  const mark = options.markRolledUp === true;
  const rows =
    events.length === 0
      ? await runFixed(db, FINISH_RUNNING, [records, mark])
      : await runFixed(db, FINISH_RUNNING_WITH_EVENTS, [records, eventRecords(events), mark]);
  const given = new Map(outcomes.map(({ runId, values }) => [runId, values]));
  return rows.map((row) => {
    const run: Record<string, unknown> = runRows.fromRow(row);
    // After the conversion: a given jsonb value that is a string must stay that string.
    const values = given.get(Number(row.id));
    for (const column of WRITTEN_AS_GIVEN) run[column] = values?.[column as keyof RunOutcomeValues] ?? null;
    return run as Run;
  });
}

/** One outcome as the JSON record the statement reads: every column, null when not given. */
function outcomeRecord(runId: number, values: RunOutcomeValues): Record<string, unknown> {
  const record: Record<string, unknown> = { run_id: runId };
  for (const column of RECORD_COLUMN_NAMES) record[column] = values[column] ?? null;
  return record;
}
