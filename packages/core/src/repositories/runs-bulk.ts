/**
 * Inserting many runs in few statements, for data generators and load tests (`npm run
 * seed:bulk`): each column travels as one PostgreSQL array literal and `unnest` turns the
 * arrays back into rows, so 5,000 runs are one statement with 20 parameters on both drivers.
 */
import type { InterTokenStats, JsonObject, RunStatus, RunTrigger } from '@tfbench/domain/model';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { arrayLiteral } from './array-literal.js';

/** The columns a bulk-inserted run may set; the rest take their defaults. */
export interface BulkRun {
  scenario_id: number;
  benchmark_id: number | null;
  trigger: RunTrigger;
  status: RunStatus;
  is_warmup: boolean;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  total_duration_ms: number | null;
  time_to_started_ms: number | null;
  ttft_ms: number | null;
  inter_token_stats: InterTokenStats | null;
  steps: number | null;
  server_duration_ms: number | null;
  queue_wait_ms: number | null;
  error: string | null;
  error_code: string | null;
  assertions_passed: boolean | null;
  cost_usd: number | null;
  inputs: JsonObject;
  metric_definitions_version: string | null;
  /** Set when the caller adds the runs to the rollups itself (seed:bulk does). */
  rolled_up_at: Date | null;
}

/**
 * A bulk row with every figure unset: a completed, non-warm-up `api` run of `scenario_id`,
 * created at `created_at`. Callers set what they measure.
 *
 * @example
 * insertRunsInBulk(db, [bulkRun({ scenario_id: 1, created_at: new Date(), total_duration_ms: 120 })]);
 */
export function bulkRun(values: Partial<BulkRun> & Pick<BulkRun, 'scenario_id' | 'created_at'>): BulkRun {
  return {
    benchmark_id: null,
    trigger: 'api',
    status: 'completed',
    is_warmup: false,
    started_at: null,
    finished_at: null,
    total_duration_ms: null,
    time_to_started_ms: null,
    ttft_ms: null,
    inter_token_stats: null,
    steps: null,
    server_duration_ms: null,
    queue_wait_ms: null,
    error: null,
    error_code: null,
    assertions_passed: null,
    cost_usd: null,
    inputs: {},
    metric_definitions_version: null,
    rolled_up_at: null,
    ...values,
  };
}

const text = (value: string | null | undefined) => (value === null || value === undefined ? null : value);
const num = (value: number | null | undefined) =>
  value === null || value === undefined ? null : Number.isFinite(value) ? String(value) : null;
const bool = (value: boolean | null) => (value === null ? null : value ? 't' : 'f');
const time = (value: Date | null) => (value === null ? null : value.toISOString());
const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** Column name, SQL element type, and how a run's value becomes array-element text. */
const COLUMNS: ReadonlyArray<[keyof BulkRun, string, (run: BulkRun) => string | null]> = [
  ['scenario_id', 'integer', (r) => num(r.scenario_id)],
  ['benchmark_id', 'integer', (r) => num(r.benchmark_id)],
  ['trigger', 'text', (r) => text(r.trigger)],
  ['status', 'text', (r) => text(r.status)],
  ['is_warmup', 'boolean', (r) => bool(r.is_warmup)],
  ['created_at', 'timestamptz', (r) => time(r.created_at)],
  ['started_at', 'timestamptz', (r) => time(r.started_at)],
  ['finished_at', 'timestamptz', (r) => time(r.finished_at)],
  ['total_duration_ms', 'double precision', (r) => num(r.total_duration_ms)],
  ['time_to_started_ms', 'double precision', (r) => num(r.time_to_started_ms)],
  ['ttft_ms', 'double precision', (r) => num(r.ttft_ms)],
  ['inter_token_stats', 'jsonb', (r) => json(r.inter_token_stats)],
  ['steps', 'integer', (r) => num(r.steps)],
  ['server_duration_ms', 'double precision', (r) => num(r.server_duration_ms)],
  ['queue_wait_ms', 'double precision', (r) => num(r.queue_wait_ms)],
  ['error', 'text', (r) => text(r.error)],
  ['error_code', 'text', (r) => text(r.error_code)],
  ['assertions_passed', 'boolean', (r) => bool(r.assertions_passed)],
  ['cost_usd', 'double precision', (r) => num(r.cost_usd)],
  ['inputs', 'jsonb', (r) => json(r.inputs)],
  ['metric_definitions_version', 'text', (r) => text(r.metric_definitions_version)],
  ['rolled_up_at', 'timestamptz', (r) => time(r.rolled_up_at)],
];

/** Largest number of runs per statement. */
export const BULK_INSERT_BATCH = 5_000;

/**
 * Inserts the runs (in statements of up to {@link BULK_INSERT_BATCH}); `updated_at` is set to
 * `created_at`. Returns how many were inserted.
 *
 * @example
 * await insertRunsInBulk(handle.db, generated);
 */
export async function insertRunsInBulk(db: Executor, rows: readonly BulkRun[]): Promise<number> {
  for (let offset = 0; offset < rows.length; offset += BULK_INSERT_BATCH) {
    const batch = rows.slice(offset, offset + BULK_INSERT_BATCH);
    const names = sql.raw(COLUMNS.map(([name]) => `"${name}"`).join(', '));
    // jsonb arrays travel as text[]: a jsonb[] literal would need double escaping.
    const arrays = sql.join(
      COLUMNS.map(
        ([, type, value]) =>
          sql`${arrayLiteral(batch.map(value))}::${sql.raw(type === 'jsonb' ? 'text' : type)}[]`,
      ),
      sql`, `,
    );
    const selected = sql.raw(
      COLUMNS.map(([, type], i) => (type === 'jsonb' ? `c${i}::jsonb` : `c${i}`)).join(', '),
    );
    const aliases = sql.raw(COLUMNS.map((_, i) => `c${i}`).join(', '));
    await db.execute(
      sql`insert into runs (${names}, "updated_at") select ${selected}, c5 from unnest(${arrays}) as t(${aliases})`,
    );
  }
  return rows.length;
}
