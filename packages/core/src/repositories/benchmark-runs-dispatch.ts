/**
 * SQL by which the benchmark driver hands runs to the queue: which run is next, claiming
 * runs atomically, and the intended send times of open arrivals.
 */
import { and, asc, eq, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { fixedStatement, runFixed } from '../db/fixed-statement.js';
import { type Run, runs } from '../db/schema.js';
import { arrayLiteral } from './array-literal.js';
import { numberOf } from './row-values.js';
import { wholeRows } from './table-row.js';

/** Whole runs rows, as a claim returns them. */
const runRows = wholeRows(runs);

/**
 * The benchmark's open (pending or running) run with the lowest id, or undefined when every
 * run has ended. Warm-ups have the lowest ids of their benchmark (insertBenchmarkRuns), so it
 * is a warm-up exactly while some warm-up is still open. One index probe
 * (runs_benchmark_open_idx), however many runs are pending.
 */
export async function selectFirstOpenBenchmarkRun(
  db: Executor,
  benchmarkId: number,
): Promise<{ id: number; is_warmup: boolean } | undefined> {
  const [row] = await runFixed(db, FIRST_OPEN_RUN, [benchmarkId]);
  return row && { id: numberOf(row.id), is_warmup: row.is_warmup === true };
}

const FIRST_OPEN_RUN = fixedStatement(
  'runs_first_open_of_benchmark',
  `select id, is_warmup from runs
   where benchmark_id = $1 and status in ('pending', 'running')
   order by id limit 1`,
);

export interface ClaimRunsOptions {
  /** Claim warm-up runs (true) or measured runs (false). */
  warmup: boolean;
  /** Most runs to claim. */
  limit: number;
  /** Only runs whose intended send time is before this instant (open arrivals). */
  intendedBefore?: Date;
}

/**
 * Atomically takes the next pending, not yet dispatched runs of a benchmark, lowest id
 * first, and marks them dispatched. `FOR UPDATE SKIP LOCKED` lets concurrent claimers pass
 * each other's rows instead of waiting, and the `dispatched_at IS NULL` condition means a run
 * is claimed once, whoever asks.
 */
export async function claimBenchmarkRuns(
  tx: Executor,
  benchmarkId: number,
  options: ClaimRunsOptions,
): Promise<Array<{ id: number; intended_start_at: Date | null }>> {
  if (options.limit <= 0) return [];
  const conditions: SQL[] = [
    eq(runs.benchmark_id, benchmarkId),
    eq(runs.status, 'pending'),
    isNull(runs.dispatched_at),
    eq(runs.is_warmup, options.warmup),
  ];
  if (options.intendedBefore) conditions.push(lt(runs.intended_start_at, options.intendedBefore));
  const next = tx
    .select({ id: runs.id })
    .from(runs)
    .where(and(...conditions))
    .orderBy(asc(runs.id))
    .limit(options.limit)
    .for('update', { skipLocked: true });
  return tx
    .update(runs)
    .set({ dispatched_at: sql`now()`, updated_at: sql`now()` })
    .where(sql`${runs.id} = any(array(${next}))`)
    .returning({ id: runs.id, intended_start_at: runs.intended_start_at })
    .then((rows) => rows.sort((a, b) => a.id - b.id));
}

/** Runs a closed top-up claims for this process as it dispatches them (see topUpClosedBenchmark). */
export interface ClaimAhead {
  workerId: string;
  /** At most this many of the dispatched runs, the lowest ids first. */
  count: number;
}

/** A run a top-up dispatched; `claimed` when it also claimed it (ClaimAhead): running, whole row. */
export interface ToppedUpRun {
  id: number;
  claimed?: Run;
}

/**
 * Closed arrival's steady state in one statement: claim as many of the next pending runs as
 * there are free slots (concurrency minus the runs in flight), from the same phase as the
 * lowest open run (warm-ups before measured runs), unless `deadline` has passed on the
 * database clock. Call with the benchmark row locked (selectBenchmarkForUpdate): the count and
 * the claim must see every earlier step's dispatches, which the lock orders before this one.
 *
 * `endedIds` are runs of the caller's process whose upstream request has ended while their
 * outcome is still being stored (see ended-runs.ts): they no longer hold a slot upstream, so
 * they are not counted in flight. The list is read before the statement starts, and a run
 * leaves it only after its outcome has committed, so the statement sees each such run either
 * as excluded or as ended: never counted twice as free.
 *
 * With `claimAhead`, the first `count` of those runs are also claimed for that worker
 * (pending -> running, as claimPendingRuns does) by the same UPDATE: the caller hands them to
 * jobs of its own process waiting for a run, which execute them without a claim of their own.
 * One row version and one statement per run instead of two, and no wait between the two.
 */
export async function topUpClosedBenchmark(
  tx: Executor,
  benchmarkId: number,
  concurrency: number,
  deadline: Date | null,
  endedIds: readonly number[] = [],
  claimAhead?: ClaimAhead,
): Promise<ToppedUpRun[]> {
  const params = [
    benchmarkId,
    deadline?.toISOString() ?? null,
    concurrency,
    arrayLiteral(endedIds.map(String)),
  ];
  if (!claimAhead || claimAhead.count <= 0) {
    const rows = await runFixed(tx, TOP_UP_CLOSED, params);
    return rows.map((row) => ({ id: numberOf(row.id) })).sort((a, b) => a.id - b.id);
  }
  const rows = await runFixed(tx, TOP_UP_CLOSED_CLAIMING, [...params, claimAhead.workerId, claimAhead.count]);
  return rows
    .map((row) => {
      const run = runRows.fromRow(row);
      return run.status === 'running' ? { id: run.id, claimed: run } : { id: run.id };
    })
    .sort((a, b) => a.id - b.id);
}

/**
 * The runs a closed top-up dispatches. $1 the benchmark, $2 the deadline (null: none), $3 its
 * concurrency, $4 the ended runs not counted in flight (see topUpClosedBenchmark).
 */
const TOP_UP_PICK = `select id from runs
     where benchmark_id = $1 and status = 'pending' and dispatched_at is null
       and is_warmup = (select is_warmup from runs where benchmark_id = $1
                        and status in ('pending', 'running') order by id limit 1)
       and ($2::timestamptz is null or clock_timestamp() < $2::timestamptz)
     order by id
     limit greatest(0, $3::int - (select count(*) from runs where benchmark_id = $1
                                  and status in ('pending', 'running') and dispatched_at is not null
                                  and id <> all($4::integer[])))
     for update skip locked`;

/**
 * `= any(array(...))`: the claimed ids are looked up by primary key; `in (subquery)` may make
 * the planner hash-join the whole runs table.
 */
const TOP_UP_CLOSED = fixedStatement(
  'runs_top_up_closed_benchmark',
  `update runs set dispatched_at = now(), updated_at = now()
   where id = any(array(${TOP_UP_PICK}))
   returning id`,
);

/** A claimed run's column takes `value`; the others keep theirs. */
const whenClaimed = (column: string, value: string) =>
  `${column} = case when id = any((select ids from claiming)::integer[]) then ${value} else ${column} end`;

/**
 * TOP_UP_CLOSED that also claims the first $6 runs for worker $5, with the claim's columns
 * (runs-lifecycle.ts CLAIM). Its queue wait is 0: a closed run's wait starts at its dispatch,
 * which is this same instant.
 */
const TOP_UP_CLOSED_CLAIMING = fixedStatement(
  'runs_top_up_closed_benchmark_claiming',
  `with picked as (${TOP_UP_PICK}),
     claiming as (select coalesce(array_agg(id), '{}') as ids
                  from (select id from picked order by id limit $6::int) as first_ones)
   update runs set dispatched_at = now(), updated_at = now(),
     ${whenClaimed('status', "'running'")},
     ${whenClaimed('started_at', 'now()')},
     ${whenClaimed('actual_start_at', 'now()')},
     ${whenClaimed('queue_wait_ms', '0')},
     ${whenClaimed('worker_id', '$5::text')},
     ${whenClaimed('heartbeat_at', 'now()')},
     ${whenClaimed('executions', 'executions + 1')}
   where id = any(array(select id from picked))
   returning ${runRows.columns('runs')}`,
);

/**
 * Lays out the intended send times of a benchmark's measured runs: run k (in id order) gets
 * `start + offsetsMs[k]`, rounded to the millisecond. Runs that already have one keep it, so a
 * repeated call changes nothing. The offsets travel as one array literal, not one parameter
 * each. Whole milliseconds because the engine reads the instant back as a JS Date, which
 * holds no fraction: a stored fraction would be dropped on the way, and the run sent (and its
 * lag read) up to 1 ms before its stored instant.
 */
export async function setIntendedStartTimes(
  tx: Executor,
  benchmarkId: number,
  start: Date,
  offsetsMs: readonly number[],
): Promise<void> {
  if (offsetsMs.length === 0) return;
  const literal = `{${offsetsMs.map((offset) => Math.round(offset)).join(',')}}`;
  await tx.execute(sql`
    update ${runs} as r
    set intended_start_at = ${start.toISOString()}::timestamptz + o.offset_ms * interval '1 millisecond',
        updated_at = now()
    from (
      select id, row_number() over (order by id) as k
      from ${runs}
      where benchmark_id = ${benchmarkId} and not is_warmup
    ) as s
    join unnest(${literal}::float8[]) with ordinality as o(offset_ms, k) on o.k = s.k
    where r.id = s.id and r.intended_start_at is null`);
}

/**
 * The earliest intended send time among measured runs the driver has not dispatched yet.
 * Intended times ascend with the run id (the schedule is laid out in id order), so this is
 * the first such run in id order: one short walk of runs_benchmark_open_idx.
 */
export async function selectNextUndispatchedIntendedStart(
  db: Executor,
  benchmarkId: number,
): Promise<Date | null> {
  const [row] = await db
    .select({ next: runs.intended_start_at })
    .from(runs)
    .where(
      and(
        eq(runs.benchmark_id, benchmarkId),
        eq(runs.status, 'pending'),
        isNull(runs.dispatched_at),
        eq(runs.is_warmup, false),
      ),
    )
    .orderBy(asc(runs.id))
    .limit(1);
  return row?.next ?? null;
}
